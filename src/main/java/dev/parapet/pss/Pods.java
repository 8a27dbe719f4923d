package dev.parapet.pss;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import java.util.Optional;

/** Small readers shared by the controls. */
final class Pods {
  private Pods() {}

  /** A pod is a Windows pod when {@code spec.os.name} is {@code windows}. */
  static boolean isWindows(Workload pod) {
    return pod.podSpec()
        .flatMap(s -> s.map("os"))
        .flatMap(os -> os.string("name"))
        .filter("windows"::equals)
        .isPresent();
  }

  /** {@code spec.hostUsers: false}: the pod runs in its own user namespace. */
  static boolean usesUserNamespace(Workload pod) {
    return pod.podSpec().flatMap(s -> s.bool("hostUsers")).filter(b -> !b).isPresent();
  }

  static Optional<MapNode> sc(ContainerView c) {
    return c.securityContext();
  }

  /** A scalar entry that holds boolean true. */
  static Optional<ScalarNode> trueAt(Optional<MapNode> map, String key) {
    return map.flatMap(m -> m.scalar(key)).filter(ScalarNode::isTrue);
  }

  /** A scalar entry that holds boolean false. */
  static Optional<ScalarNode> falseAt(Optional<MapNode> map, String key) {
    return map.flatMap(m -> m.scalar(key)).filter(s -> s.asBoolean().filter(b -> !b).isPresent());
  }

  /** A non-null scalar entry. */
  static Optional<ScalarNode> value(Optional<MapNode> map, String key) {
    return map.flatMap(m -> m.scalar(key)).filter(s -> !s.isNull());
  }

  /** The nearest written node on the way to {@code securityContext} of a container. */
  static Node scAnchor(ContainerView c) {
    Optional<MapNode> sc = c.securityContext();
    return sc.isPresent() ? sc.get() : c.node();
  }

  /** The nearest written node on the way to the pod's securityContext. */
  static Node podScAnchor(Workload pod) {
    Optional<MapNode> sc = pod.podSecurityContext();
    return sc.isPresent() ? sc.get() : pod.podAnchor();
  }

  /** Quoted names joined for a message: {@code "a", "b"}. */
  static String quoted(java.util.Collection<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append('"').append(n).append('"');
    }
    return sb.toString();
  }
}
