package dev.parapet.graph;

import dev.parapet.model.Inventory;

/**
 * Adds the vertices and edges of some techniques to the graph. Builders run in the order of {@link
 * AttackGraphs#BUILDERS}; each may rely on the vertices of the ones before it (the containers of
 * workloads, the identities of RBAC) and asks the engines' public query APIs for facts rather than
 * re-deriving them.
 */
public interface GraphBuilder {
  void build(Inventory inventory, AttackGraph.Builder graph);
}
