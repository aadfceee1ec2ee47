// The Markdown extractor's link resolver for one repository snapshot: where a linked repository
// file lives on the site (a doc's route, a published image, or the file on the forge).

import { fillLink } from '../../git/remote.ts';
import { assetPath, docRoute } from '../../model/ids.ts';
import type { RepoSnapshot } from '../../model/snapshot.ts';
import type { LinkResolver } from './types.ts';

/** Images published when a document links them; SVG is left out (a script in it would run on the wiki's origin when opened directly). */
const ASSET_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|bmp|ico)$/i;

/** `onAsset` hears of every image a document links to (it is then published with the site). */
export function linkResolver(snapshot: RepoSnapshot, docs: ReadonlySet<string>, onAsset: (path: string) => void): LinkResolver {
  const { id, head, links } = snapshot;
  const files = new Map(snapshot.files.map((f) => [f.path, f]));
  return {
    // Routes are URL-encoded here; fragments arrive encoded already.
    doc: (target, fragment) => (docs.has(target) ? encodeURI(docRoute(id, target)) + (fragment ? `#${fragment}` : '') : null),
    asset: (target) => {
      const f = files.get(target);
      if (!f || f.mode === '120000' || !ASSET_EXTENSIONS.test(target)) return null;
      onAsset(target);
      return encodeURI(`/${assetPath(id, target)}`);
    },
    file: (target) => (files.has(target) && head ? fillLink(links.file, { sha: head, path: target }) : null),
  };
}
