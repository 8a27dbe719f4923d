package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import java.util.List;
import java.util.Optional;

/**
 * Turning seccomp off exposes every system call of the kernel. Triggers, up to v1.18, on seccomp
 * annotations other than runtime/default, docker/default or localhost/*; from v1.19 on a
 * seccompProfile whose type is not RuntimeDefault or Localhost.
 */
@CheckInfo(
    id = "PSS-011",
    title = "Seccomp explicitly disabled",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/Seccomp",
    cis = {"CIS 1.10: 5.7.2"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "Seccomp filters the system calls a container may make; Unconfined lets a compromised"
            + " process reach kernel code paths used by most container escapes. Triggered, at"
            + " versions v1.0 to v1.18 of the standard, by the annotations"
            + " seccomp.security.alpha.kubernetes.io/pod or"
            + " container.seccomp.security.alpha.kubernetes.io/<container> with a value other than"
            + " runtime/default, docker/default or localhost/<profile>; from v1.19, by"
            + " securityContext.seccompProfile.type other than RuntimeDefault or Localhost on the pod"
            + " or any container.",
    remediation = "Set securityContext.seccompProfile.type to RuntimeDefault at pod level.")
public final class SeccompUnconfined extends Control {
  static final String POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
  static final String CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";

  @Override
  public String controlId() {
    return "seccompProfile_baseline";
  }

  @Override
  public Level level() {
    return Level.BASELINE;
  }

  @Override
  public int since() {
    return 0;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    if (v.atLeast(19)) {
      fields(controlId(), pod, out);
    } else {
      annotations(pod, out);
    }
  }

  private void annotations(Workload pod, List<Violation> out) {
    Optional<MapNode> annotations = pod.podMetadata().flatMap(m -> m.map("annotations"));
    if (annotations.isEmpty()) {
      return;
    }
    annotation(annotations.get(), POD_ANNOTATION, out);
    for (ContainerView c : pod.containers()) {
      annotation(annotations.get(), CONTAINER_ANNOTATION + c.name(), out);
    }
  }

  private void annotation(MapNode annotations, String key, List<Violation> out) {
    annotations
        .get(key)
        .ifPresent(
            node -> {
              String value = node instanceof ScalarNode s && !s.isNull() ? s.value() : "";
              if (!value.equals("runtime/default")
                  && !value.equals("docker/default")
                  && !value.startsWith("localhost/")) {
                out.add(
                    Violation.at(
                        controlId(),
                        node,
                        "seccompProfile: forbidden annotation " + key + "=\"" + value + "\"",
                        Fix.of(
                            "use the runtime's default seccomp profile",
                            Fix.Op.replace(node.pointer(), "runtime/default"))));
              }
            });
  }

  /** Pod- and container-level seccompProfile types that are set to something unsafe. */
  static void fields(String control, Workload pod, List<Violation> out) {
    field(control, pod.podSecurityContext(), "pod", out);
    for (ContainerView c : pod.containers()) {
      field(control, c.securityContext(), c.describe(), out);
    }
  }

  /** True when the profile map is present with an allowed type. */
  static boolean valid(Optional<MapNode> profile) {
    return profile
        .flatMap(p -> p.string("type"))
        .filter(t -> t.equals("RuntimeDefault") || t.equals("Localhost"))
        .isPresent();
  }

  private static void field(String control, Optional<MapNode> sc, String who, List<Violation> out) {
    Optional<MapNode> profile = sc.flatMap(s -> s.map("seccompProfile"));
    if (profile.isEmpty() || valid(profile)) {
      return;
    }
    Optional<ScalarNode> type = profile.get().scalar("type");
    String value = type.filter(t -> !t.isNull()).map(ScalarNode::value).orElse("");
    String message =
        "seccompProfile: "
            + who
            + " must not set securityContext.seccompProfile.type to \""
            + value
            + "\"";
    Node at = type.isPresent() ? type.get() : profile.get();
    Fix fix =
        type.isPresent()
            ? Fix.of(
                "use the runtime's default seccomp profile",
                Fix.Op.replace(at.pointer(), "RuntimeDefault"))
            : Fix.of(
                "use the runtime's default seccomp profile",
                Fix.Op.add(at.pointer() + "/type", "RuntimeDefault"));
    out.add(
        type.isPresent()
            ? Violation.at(control, at, message, fix)
            : Violation.missing(control, at, "type", message, fix));
  }
}
