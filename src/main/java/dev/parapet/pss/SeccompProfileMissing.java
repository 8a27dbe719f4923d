package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The restricted level requires a seccomp profile. Triggers when a container has no RuntimeDefault
 * or Localhost profile of its own or from the pod, or when one is set to anything else.
 */
@CheckInfo(
    id = "PSS-017",
    title = "Seccomp profile not set",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    overlaps = {"PSS-011"},
    pss = "restricted/Seccomp",
    cis = {"CIS 1.10: 5.7.2"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "Containers run without seccomp unless a profile is set (the kubelet's SeccompDefault is"
            + " off by default), leaving the whole system-call surface of the kernel exposed."
            + " Triggered, from version v1.19 of the standard, when the pod or a container sets"
            + " seccompProfile.type to something other than RuntimeDefault or Localhost, or when a"
            + " container sets no profile and the pod sets no valid one; from v1.25 pods with"
            + " spec.os.name=windows are exempt. Under the restricted level this control replaces the"
            + " baseline seccomp one.",
    remediation = "Set spec.securityContext.seccompProfile.type: RuntimeDefault.")
public final class SeccompProfileMissing extends Control {
  @Override
  public String controlId() {
    return "seccompProfile_restricted";
  }

  @Override
  public Level level() {
    return Level.RESTRICTED;
  }

  @Override
  public int since() {
    return 19;
  }

  @Override
  public Set<String> overrides(PssVersion v) {
    return Set.of("seccompProfile_baseline");
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    if (v.atLeast(25) && Pods.isWindows(pod)) {
      return;
    }
    List<Violation> explicit = new ArrayList<>();
    SeccompUnconfined.fields(controlId(), pod, explicit);
    if (!explicit.isEmpty()) {
      out.addAll(explicit);
      return;
    }
    if (SeccompUnconfined.valid(pod.podSecurityContext().flatMap(sc -> sc.map("seccompProfile")))) {
      return;
    }
    List<String> implicit = new ArrayList<>();
    for (ContainerView c : pod.containers()) {
      if (c.securityContext().flatMap(sc -> sc.map("seccompProfile")).isEmpty()) {
        implicit.add(c.name());
      }
    }
    if (implicit.isEmpty()) {
      return;
    }
    out.add(
        Violation.missing(
            controlId(),
            Pods.podScAnchor(pod),
            pod.podSecurityContext().isPresent()
                ? "seccompProfile"
                : "securityContext.seccompProfile",
            "seccompProfile: pod or "
                + (implicit.size() == 1 ? "container " : "containers ")
                + Pods.quoted(implicit)
                + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
            pod.podSpec()
                .map(
                    spec ->
                        Fix.of(
                            "use the runtime's default seccomp profile for the pod",
                            Patches.set(
                                spec,
                                List.of("securityContext", "seccompProfile"),
                                Map.of("type", "RuntimeDefault"))))
                .orElse(null)));
  }
}
