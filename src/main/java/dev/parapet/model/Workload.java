package dev.parapet.model;

import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of an object that carries a pod spec: Pod, Deployment, ReplicaSet, StatefulSet,
 * DaemonSet, Job, CronJob (through its jobTemplate), ReplicationController and PodTemplate.
 */
public final class Workload {
  private static final Set<String> WORKLOAD_GROUPS = Set.of("", "apps", "extensions", "batch");

  private final K8sObject object;
  private final MapNode template;
  private final MapNode podMetadata;
  private final MapNode podSpec;

  private Workload(K8sObject object, MapNode template, MapNode podMetadata, MapNode podSpec) {
    this.object = object;
    this.template = template;
    this.podMetadata = podMetadata;
    this.podSpec = podSpec;
  }

  /** The view of an object, or empty when its kind holds no pod spec. */
  public static Optional<Workload> of(K8sObject o) {
    if (!WORKLOAD_GROUPS.contains(o.group())) {
      return Optional.empty();
    }
    MapNode root = o.root();
    Optional<MapNode> template =
        switch (o.kind()) {
          case "Pod" -> Optional.of(root);
          case "Deployment",
                  "ReplicaSet",
                  "StatefulSet",
                  "DaemonSet",
                  "Job",
                  "ReplicationController" ->
              root.map("spec").flatMap(s -> s.map("template"));
          case "CronJob" ->
              root.map("spec")
                  .flatMap(s -> s.map("jobTemplate"))
                  .flatMap(j -> j.map("spec"))
                  .flatMap(s -> s.map("template"));
          case "PodTemplate" -> root.map("template");
          default -> null;
        };
    if (template == null) {
      return Optional.empty();
    }
    MapNode t = template.orElse(null);
    return Optional.of(
        new Workload(
            o,
            t,
            t == null ? null : t.map("metadata").orElse(null),
            t == null ? null : t.map("spec").orElse(null)));
  }

  public K8sObject object() {
    return object;
  }

  /** The pod template (the object itself for a Pod), if written. */
  public Optional<MapNode> template() {
    return Optional.ofNullable(template);
  }

  public Optional<MapNode> podMetadata() {
    return Optional.ofNullable(podMetadata);
  }

  public Optional<MapNode> podSpec() {
    return Optional.ofNullable(podSpec);
  }

  /** Annotations of the pod (its template's metadata). */
  public Map<String, String> podAnnotations() {
    return K8sObject.stringMap(podMetadata().flatMap(m -> m.map("annotations")));
  }

  public Map<String, String> podLabels() {
    return K8sObject.stringMap(podMetadata().flatMap(m -> m.map("labels")));
  }

  /**
   * The field naming the pod's service account: serviceAccountName, else the deprecated
   * serviceAccount, when set and not empty.
   */
  public Optional<ScalarNode> serviceAccountField() {
    if (podSpec == null) {
      return Optional.empty();
    }
    Optional<ScalarNode> name =
        podSpec.scalar("serviceAccountName").filter(s -> !s.isNull() && !s.value().isEmpty());
    return name.or(
        () -> podSpec.scalar("serviceAccount").filter(s -> !s.isNull() && !s.value().isEmpty()));
  }

  /** The service account the pod runs as: the one it names, else {@code default}. */
  public String serviceAccountName() {
    return serviceAccountField().map(ScalarNode::value).orElse("default");
  }

  /** The pod's automountServiceAccountToken when written as a boolean. */
  public Optional<Boolean> automountServiceAccountToken() {
    return podSpec()
        .flatMap(s -> s.scalar("automountServiceAccountToken"))
        .flatMap(ScalarNode::asBoolean);
  }

  /** The pod-level securityContext, if written. */
  public Optional<MapNode> podSecurityContext() {
    return podSpec().flatMap(s -> s.map("securityContext"));
  }

  /**
   * The node a finding about a missing pod-level field points at: the pod spec, or the nearest
   * written parent.
   */
  public Node podAnchor() {
    if (podSpec != null) {
      return podSpec;
    }
    return template != null ? template : object.root();
  }

  /**
   * All containers: init, regular and ephemeral, in the order the PodSecurity plugin visits them.
   */
  public List<ContainerView> containers() {
    if (podSpec == null) {
      return List.of();
    }
    List<ContainerView> out = new ArrayList<>();
    for (ContainerView.Type type : ContainerView.Type.values()) {
      Optional<SeqNode> list = podSpec.seq(type.field());
      if (list.isEmpty()) {
        continue;
      }
      for (int i = 0; i < list.get().length(); i++) {
        if (list.get().get(i) instanceof MapNode c) {
          out.add(new ContainerView(type, i, c));
        }
      }
    }
    return out;
  }

  /** Volumes of the pod, each a map. */
  public List<MapNode> volumes() {
    List<MapNode> out = new ArrayList<>();
    podSpec()
        .flatMap(s -> s.seq("volumes"))
        .ifPresent(
            seq -> {
              for (Node v : seq.items()) {
                if (v instanceof MapNode m) {
                  out.add(m);
                }
              }
            });
    return out;
  }

  public Location locationOf(Node node) {
    return object.locationOf(node);
  }

  @Override
  public String toString() {
    return object.toString();
  }
}
