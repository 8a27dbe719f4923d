package dev.parapet.graph;

import dev.parapet.model.Inventory;
import java.util.List;
import java.util.Optional;

/**
 * The entry points and crown jewels every graph has, and the edges from entry points to the
 * identities that stand for them: any authenticated user is in {@code system:authenticated}, an
 * anonymous request is {@code system:anonymous} in {@code system:unauthenticated}. Edges from the
 * internet to endpoints and from "any pod" to containers are added by the builders that know
 * endpoints and containers ({@link #FOOTHOLD} names the technique).
 */
final class EntryPoints implements GraphBuilder {
  static final String FOOTHOLD = "CONTAINER_FOOTHOLD";

  @Override
  public void build(Inventory inventory, AttackGraph.Builder g) {
    entry(g, Ids.INTERNET, "the internet");
    entry(g, Ids.ANY_POD, "any pod (a compromised container)");
    entry(g, Ids.AUTHENTICATED, "any authenticated user");
    entry(g, Ids.ANONYMOUS, "anonymous requests");
    jewel(g, Ids.CLUSTER_ADMIN, "cluster-admin (every permission on every resource)");
    jewel(g, Ids.KUBE_SYSTEM_SECRETS, "the Secrets of kube-system");
    jewel(g, Ids.ETCD, "etcd (every object, Secrets included)");
    identity(g, Ids.group("system:authenticated"), "system:authenticated");
    identity(g, Ids.user("system:anonymous"), "system:anonymous");
    identity(g, Ids.group("system:unauthenticated"), "system:unauthenticated");
    g.edge(
        new Edge(
            Ids.AUTHENTICATED,
            Ids.group("system:authenticated"),
            "VALID_ACCOUNT",
            "every authenticated request carries the group system:authenticated",
            List.of(),
            List.of()));
    // an API server in the input that turns anonymous authentication off closes this entry
    List<dev.parapet.bench.BenchResult> anonymous =
        dev.parapet.bench.BenchChecks.evaluate(inventory).results().stream()
            .filter(r -> r.id().equals("1.2.1") && r.instance().isPresent())
            .toList();
    if (!anonymous.isEmpty()
        && anonymous.stream().allMatch(r -> r.status() == dev.parapet.bench.Status.PASS)) {
      return;
    }
    for (String to : List.of(Ids.user("system:anonymous"), Ids.group("system:unauthenticated"))) {
      g.edge(
          new Edge(
              Ids.ANONYMOUS,
              to,
              "ANONYMOUS_ACCESS",
              anonymous.isEmpty()
                  ? "a request without credentials is system:anonymous in"
                      + " system:unauthenticated when anonymous authentication is on"
                      + " (kube-apiserver's default; no API server in the input says otherwise)"
                  : "a request without credentials is system:anonymous in"
                      + " system:unauthenticated: "
                      + anonymous.get(0).evidence(),
              anonymous.stream()
                  .map(dev.parapet.bench.BenchResult::location)
                  .flatMap(java.util.Optional::stream)
                  .toList(),
              List.of()));
    }
  }

  private static void entry(AttackGraph.Builder g, String id, String name) {
    g.vertex(new Vertex(id, VertexType.ENTRY_POINT, name, "", Optional.empty()));
  }

  private static void jewel(AttackGraph.Builder g, String id, String name) {
    g.vertex(new Vertex(id, VertexType.CROWN_JEWEL, name, "", Optional.empty()));
  }

  static void identity(AttackGraph.Builder g, String id, String name) {
    g.vertex(new Vertex(id, VertexType.IDENTITY, name, "", Optional.empty()));
  }
}
