package dev.parapet.rbac;

import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A RoleBinding or a ClusterRoleBinding.
 *
 * @param namespace the RoleBinding's namespace; empty for a ClusterRoleBinding
 */
public record Binding(K8sObject object, String namespace, RoleRef roleRef, List<Subject> subjects) {
  public Binding {
    subjects = List.copyOf(subjects);
  }

  /** Reads a RoleBinding or ClusterRoleBinding. */
  public static Binding of(K8sObject o) {
    boolean cluster = o.kind().equals("ClusterRoleBinding");
    MapNode root = o.root();
    Optional<MapNode> ref = root.map("roleRef");
    RoleRef roleRef =
        new RoleRef(
            ref.map(r -> Nodes.string(r, "kind")).orElse(""),
            ref.map(r -> Nodes.string(r, "name")).orElse(""),
            o.locationOf(ref.isPresent() ? ref.get() : root));
    List<Subject> subjects = new ArrayList<>();
    for (MapNode s : Nodes.maps(root, "subjects")) {
      Subject.Kind kind = Subject.Kind.parse(Nodes.string(s, "kind"));
      subjects.add(
          new Subject(
              kind,
              Nodes.string(s, "name"),
              kind == Subject.Kind.SERVICE_ACCOUNT ? Nodes.string(s, "namespace") : "",
              o.locationOf(s)));
    }
    return new Binding(o, cluster ? "" : o.effectiveNamespace(), roleRef, subjects);
  }

  public boolean isClusterRoleBinding() {
    return object.kind().equals("ClusterRoleBinding");
  }

  public String name() {
    return object.name();
  }

  public Location location() {
    return object.location();
  }

  /**
   * The namespace a ServiceAccount subject names: its own, else (in a RoleBinding) the binding's;
   * empty when neither is set, and such a subject never matches.
   */
  public String serviceAccountNamespace(Subject s) {
    return s.namespace().isEmpty() ? namespace : s.namespace();
  }

  @Override
  public String toString() {
    return object.ref().toString();
  }
}
