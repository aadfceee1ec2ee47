// Lookups over a wiki tree (plain data), computed once per tree.
import type { WikiNode, WikiTree } from '../model/wiki.ts';

const indexes = new WeakMap<WikiTree, Map<string, WikiNode>>();

/** Nodes by page id. */
export function nodesById(tree: WikiTree): Map<string, WikiNode> {
  let index = indexes.get(tree);
  if (!index) {
    index = new Map(tree.nodes.map((n) => [n.page.id, n]));
    indexes.set(tree, index);
  }
  return index;
}

export function nodeOf(tree: WikiTree, id: string): WikiNode {
  const node = nodesById(tree).get(id);
  if (!node) throw new Error(`no page ${id} in the wiki tree`);
  return node;
}

export function childrenOf(tree: WikiTree, node: WikiNode): WikiNode[] {
  return node.children.map((id) => nodeOf(tree, id));
}

export function parentOf(tree: WikiTree, node: WikiNode): WikiNode | null {
  return node.parent === null ? null : nodeOf(tree, node.parent);
}

export { buildTree, type RepoPages } from './tree.ts';
