// Stops any npm script that would run on a Node.js older than the project needs.
// npm puts node_modules/.bin first on PATH, so the pinned `node` devDependency wins when
// its install script ran; this guard catches the silent fallback to the system Node.
const [major, minor] = process.versions.node.split('.').map(Number)
// 22.18 is the first 22.x that runs TypeScript files itself (type stripping): scripts/start.mjs imports
// cms/src/cli/serverRuntime.ts, and the server uses module.setSourceMapsSupport (22.14).
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `MSPN DEV needs Node.js >= 22.18 (pinned: 24 LTS via the "node" devDependency), but this is ${process.version}.\n` +
      'Run `npm install` again with install scripts allowed (the "node" package fetches its binary in preinstall),\n' +
      'or install Node 24 yourself.',
  )
  process.exit(1)
}
