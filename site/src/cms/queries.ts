/**
 * The functions pages call, bound to one client: `createCms(config)` for tests or a second
 * CMS, `cms` (from ./index.ts) for everything else. Each asks only for the fields and depth
 * it renders and answers parsed data, or null when the document does not exist.
 */
import { createCmsClient, type CmsClient, type CmsClientConfig } from './client.ts';
import { listCategories } from './queries/categories.ts';
import { getSiteChrome, type SiteChrome } from './queries/chrome.ts';
import { getDemo, listDemos } from './queries/demos.ts';
import type { QueryOptions } from './queries/find-by-slug.ts';
import { createInquiry } from './queries/inquiries.ts';
import { getPage, listPages } from './queries/pages.ts';
import { getPost, listPosts, type ListPostsParams } from './queries/posts.ts';
import { getPreviewDraft, type PreviewCollection, type PreviewDraft } from './queries/preview.ts';
import { getProject, listProjects, type ListProjectsParams } from './queries/projects.ts';
import { getService, listServices } from './queries/services.ts';
import type { CategoryItem } from './schemas/category.ts';
import type { DemoCard, DemoDoc } from './schemas/demo.ts';
import type { InquiryCreated, InquiryInput } from './schemas/inquiry.ts';
import type { PageDoc, PageSummary } from './schemas/page.ts';
import type { Paginated } from './schemas/paginated.ts';
import type { PostDoc, PostListItem } from './schemas/post.ts';
import type { ProjectCard, ProjectDoc } from './schemas/project.ts';
import type { ServiceCard, ServiceDoc } from './schemas/service.ts';

export type { ListPostsParams, ListProjectsParams, PreviewCollection, PreviewDraft, QueryOptions, SiteChrome };

export interface Cms {
  readonly client: CmsClient;
  getSiteChrome(options?: QueryOptions): Promise<SiteChrome>;
  getPage(slug: string, options?: QueryOptions): Promise<PageDoc | null>;
  listPages(options?: QueryOptions): Promise<PageSummary[]>;
  listPosts(params?: ListPostsParams, options?: QueryOptions): Promise<Paginated<PostListItem> | null>;
  getPost(slug: string, options?: QueryOptions): Promise<PostDoc | null>;
  listServices(options?: QueryOptions): Promise<ServiceCard[]>;
  getService(slug: string, options?: QueryOptions): Promise<ServiceDoc | null>;
  listProjects(params?: ListProjectsParams, options?: QueryOptions): Promise<ProjectCard[]>;
  getProject(slug: string, options?: QueryOptions): Promise<ProjectDoc | null>;
  listDemos(options?: QueryOptions): Promise<DemoCard[]>;
  getDemo(slug: string, options?: QueryOptions): Promise<DemoDoc | null>;
  listCategories(options?: QueryOptions): Promise<CategoryItem[]>;
  createInquiry(data: InquiryInput, options?: QueryOptions): Promise<InquiryCreated>;
  /** The draft a signed preview token names (see queries/preview.ts). */
  getPreviewDraft(collection: PreviewCollection, token: string, options?: QueryOptions): Promise<PreviewDraft>;
}

/** Binds every query to `client`. */
export function cmsWithClient(client: CmsClient): Cms {
  return {
    client,
    getSiteChrome: (options) => getSiteChrome(client, options),
    getPage: (slug, options) => getPage(client, slug, options),
    listPages: (options) => listPages(client, options),
    listPosts: (params, options) => listPosts(client, params, options),
    getPost: (slug, options) => getPost(client, slug, options),
    listServices: (options) => listServices(client, options),
    getService: (slug, options) => getService(client, slug, options),
    listProjects: (params, options) => listProjects(client, params, options),
    getProject: (slug, options) => getProject(client, slug, options),
    listDemos: (options) => listDemos(client, options),
    getDemo: (slug, options) => getDemo(client, slug, options),
    listCategories: (options) => listCategories(client, options),
    createInquiry: (data, options) => createInquiry(client, data, options),
    getPreviewDraft: (collection, token, options) => getPreviewDraft(client, collection, token, options),
  };
}

export function createCms(config: CmsClientConfig): Cms {
  return cmsWithClient(createCmsClient(config));
}
