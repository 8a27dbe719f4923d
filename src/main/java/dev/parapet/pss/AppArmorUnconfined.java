package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import java.util.List;
import java.util.Optional;

/**
 * Turning AppArmor off (or choosing an unknown profile) removes a mandatory access control layer.
 * Triggers on an AppArmor annotation other than runtime/default or localhost/*, and on an
 * appArmorProfile field whose type is not RuntimeDefault or Localhost.
 */
@CheckInfo(
    id = "PSS-008",
    title = "AppArmor profile overridden or disabled",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/AppArmor",
    mitre = {"T1611"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "On nodes with AppArmor, the runtime's default profile blocks many escape techniques (writes"
            + " to /proc and /sys, mounts). Triggered by a"
            + " container.apparmor.security.beta.kubernetes.io/<container> annotation on the pod whose"
            + " value is neither empty, runtime/default nor localhost/<profile>, and by"
            + " securityContext.appArmorProfile.type other than RuntimeDefault or Localhost on the pod"
            + " or any container.",
    remediation =
        "Remove the override, or set securityContext.appArmorProfile.type to RuntimeDefault (or"
            + " Localhost with a reviewed profile).")
public final class AppArmorUnconfined extends Control {
  static final String ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

  @Override
  public String controlId() {
    return "appArmorProfile";
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
    pod.podMetadata()
        .flatMap(m -> m.map("annotations"))
        .ifPresent(
            annotations -> {
              for (int i = 0; i < annotations.entries(); i++) {
                String key = annotations.key(i);
                if (!key.startsWith(ANNOTATION_PREFIX)) {
                  continue;
                }
                Node value = annotations.value(i);
                String profile =
                    value instanceof dev.parapet.source.ScalarNode s && !s.isNull()
                        ? s.value()
                        : "";
                if (!profile.isEmpty()
                    && !profile.equals("runtime/default")
                    && !profile.startsWith("localhost/")) {
                  out.add(
                      Violation.at(
                          controlId(),
                          value,
                          "forbidden AppArmor profile: annotation " + key + "=\"" + profile + "\"",
                          Fix.of(
                              "use the runtime's default AppArmor profile",
                              Fix.Op.replace(value.pointer(), "runtime/default"))));
                }
              }
            });
    field(pod.podSecurityContext(), "pod", out);
    for (ContainerView c : pod.containers()) {
      field(c.securityContext(), c.describe(), out);
    }
  }

  private void field(Optional<MapNode> sc, String who, List<Violation> out) {
    Optional<MapNode> profile = sc.flatMap(s -> s.map("appArmorProfile"));
    if (profile.isEmpty()) {
      return;
    }
    Optional<dev.parapet.source.ScalarNode> type = profile.get().scalar("type");
    String value = type.filter(t -> !t.isNull()).map(t -> t.value()).orElse("");
    if (value.equals("RuntimeDefault") || value.equals("Localhost")) {
      return;
    }
    String message =
        "forbidden AppArmor profile: "
            + who
            + " must not set securityContext.appArmorProfile.type to \""
            + value
            + "\"";
    if (type.isPresent()) {
      out.add(
          Violation.at(
              controlId(),
              type.get(),
              message,
              Fix.of(
                  "use the runtime's default AppArmor profile",
                  Fix.Op.replace(type.get().pointer(), "RuntimeDefault"))));
    } else {
      out.add(
          Violation.missing(
              controlId(),
              profile.get(),
              "type",
              message,
              Fix.of(
                  "use the runtime's default AppArmor profile",
                  Fix.Op.add(profile.get().pointer() + "/type", "RuntimeDefault"))));
    }
  }
}
