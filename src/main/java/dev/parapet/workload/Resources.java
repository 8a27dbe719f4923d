package dev.parapet.workload;

import dev.parapet.check.Sink;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads CPU and memory requests and limits, with the defaults a LimitRange supplies. */
final class Resources {
  private Resources() {}

  static final List<String> NAMES = List.of("cpu", "memory");

  /** Whether limits or requests are checked. */
  enum Kind {
    LIMITS("limits", "limit"),
    REQUESTS("requests", "request");

    final String field;
    final String noun;

    Kind(String field, String noun) {
      this.field = field;
      this.noun = noun;
    }
  }

  /**
   * Resources of {@code kind} that a LimitRange of the workload's namespace (as written, so that an
   * unnamespaced LimitRange goes with unnamespaced workloads) fills in for containers. Follows the
   * API server's defaulting of LimitRange items of type Container: a default limit falls back to
   * max; a default request to the default limit, then to min.
   */
  static Set<String> defaulted(Inventory inventory, K8sObject object, Kind kind) {
    Set<String> out = new HashSet<>();
    for (K8sObject lr : inventory.ofKind("LimitRange")) {
      if (!lr.group().isEmpty() || !lr.namespace().equals(object.namespace())) {
        continue;
      }
      List<Node> items =
          lr.root().map("spec").flatMap(s -> s.seq("limits")).map(l -> l.items()).orElse(List.of());
      for (Node item : items) {
        if (!(item instanceof MapNode m)
            || !m.string("type").filter("Container"::equals).isPresent()) {
          continue;
        }
        List<String> sources =
            kind == Kind.LIMITS
                ? List.of("default", "max")
                : List.of("defaultRequest", "default", "max", "min");
        for (String source : sources) {
          m.map(source).ifPresent(r -> out.addAll(r.keys()));
        }
      }
    }
    return out;
  }

  private static boolean set(Optional<MapNode> resources, String field, String name) {
    return resources
        .flatMap(r -> r.map(field))
        .flatMap(m -> m.get(name))
        .filter(n -> !(n instanceof ScalarNode s && s.isNull()))
        .isPresent();
  }

  /**
   * Reports each container (ephemeral ones cannot have resources) that has no {@code kind} for CPU
   * or memory, unless the pod-level resources or a LimitRange supply it; a request is also implied
   * by a limit of the same resource.
   */
  static void report(Workload workload, Inventory inventory, Kind kind, Sink sink, String why) {
    Set<String> defaulted = defaulted(inventory, workload.object(), kind);
    Optional<MapNode> podResources = workload.podSpec().flatMap(s -> s.map("resources"));
    for (ContainerView c : workload.containers()) {
      if (c.type() == ContainerView.Type.EPHEMERAL) {
        continue;
      }
      Optional<MapNode> resources = c.node().map("resources");
      for (String name : NAMES) {
        if (set(resources, kind.field, name)
            || (kind == Kind.REQUESTS && set(resources, "limits", name))
            || set(podResources, kind.field, name)
            || (kind == Kind.REQUESTS && set(podResources, "limits", name))
            || defaulted.contains(name)) {
          continue;
        }
        Optional<MapNode> map = resources.flatMap(r -> r.map(kind.field));
        Node anchor =
            map.isPresent() ? map.get() : resources.isPresent() ? resources.get() : c.node();
        String missing =
            map.isPresent()
                ? name
                : resources.isPresent()
                    ? kind.field + "." + name
                    : "resources." + kind.field + "." + name;
        String label = name.equals("cpu") ? "CPU" : name;
        sink.missing(
            workload.object(),
            anchor,
            missing,
            c.describe() + " has no " + label + " " + kind.noun + ": " + why,
            null);
      }
    }
  }
}
