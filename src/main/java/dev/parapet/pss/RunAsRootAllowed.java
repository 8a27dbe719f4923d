package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Without runAsNonRoot the kubelet will start an image whose user is root. Triggers when the pod or
 * a container sets runAsNonRoot to false, or when a container leaves it unset and the pod does not
 * set it to true.
 */
@CheckInfo(
    id = "PSS-015",
    title = "Container may run as root",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "restricted/Running as Non-root",
    cis = {"CIS 1.10: 5.2.7"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    description =
        "With runAsNonRoot=true the kubelet refuses to start a container whose user is UID 0, so an"
            + " image that defaults to root cannot run as root by accident; root in a container is"
            + " root on the node's kernel, one bug away from the host. Triggered when"
            + " spec.securityContext.runAsNonRoot is false, when a container sets it to false, or"
            + " when a container leaves it unset while the pod does not set it to true. A non-zero"
            + " runAsUser does not satisfy this control. From version v1.35 of the standard pods"
            + " with spec.hostUsers=false are exempt.",
    remediation =
        "Set spec.securityContext.runAsNonRoot: true (and a non-zero runAsUser if the image has no"
            + " numeric non-root USER).")
public final class RunAsRootAllowed extends Control {
  @Override
  public String controlId() {
    return "runAsNonRoot";
  }

  @Override
  public Level level() {
    return Level.RESTRICTED;
  }

  @Override
  public int since() {
    return 0;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    if (v.atLeast(35) && Pods.usesUserNamespace(pod)) {
      return;
    }
    List<Violation> explicit = new ArrayList<>();
    Optional<ScalarNode> podValue =
        pod.podSecurityContext().flatMap(sc -> sc.scalar("runAsNonRoot"));
    boolean podTrue = podValue.filter(ScalarNode::isTrue).isPresent();
    Pods.falseAt(pod.podSecurityContext(), "runAsNonRoot")
        .ifPresent(
            s ->
                explicit.add(
                    Violation.at(
                        controlId(),
                        s,
                        "runAsNonRoot != true: pod must not set securityContext.runAsNonRoot=false",
                        Fix.of("require a non-root user", Fix.Op.replace(s.pointer(), true)))));
    List<String> implicit = new ArrayList<>();
    for (ContainerView c : pod.containers()) {
      Optional<ScalarNode> value = Pods.value(c.securityContext(), "runAsNonRoot");
      if (Pods.falseAt(c.securityContext(), "runAsNonRoot").isPresent()) {
        ScalarNode s = value.get();
        explicit.add(
            Violation.at(
                controlId(),
                s,
                "runAsNonRoot != true: "
                    + c.describe()
                    + " must not set securityContext.runAsNonRoot=false",
                Fix.of("require a non-root user", Fix.Op.replace(s.pointer(), true))));
      } else if (value.filter(ScalarNode::isTrue).isEmpty() && !podTrue) {
        implicit.add(c.name());
      }
    }
    if (!explicit.isEmpty()) {
      out.addAll(explicit);
      return;
    }
    if (!implicit.isEmpty()) {
      out.add(
          Violation.missing(
              controlId(),
              Pods.podScAnchor(pod),
              pod.podSecurityContext().isPresent()
                  ? "runAsNonRoot"
                  : "securityContext.runAsNonRoot",
              "runAsNonRoot != true: pod or "
                  + (implicit.size() == 1 ? "container " : "containers ")
                  + Pods.quoted(implicit)
                  + " must set securityContext.runAsNonRoot=true",
              pod.podSpec()
                  .map(
                      spec ->
                          Fix.of(
                              "require a non-root user for the pod",
                              Patches.set(spec, List.of("securityContext", "runAsNonRoot"), true)))
                  .orElse(null)));
    }
  }
}
