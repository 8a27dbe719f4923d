package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Custom SELinux users, roles or types can lift the confinement of the container domain. Triggers
 * on seLinuxOptions with a user or role, or with a type outside the container types.
 */
@CheckInfo(
    id = "PSS-009",
    title = "Custom SELinux user, role or type",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/SELinux",
    mitre = {"T1611"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "SELinux confines containers to the container_t domain; a custom type (spc_t, unconfined_t)"
            + " or a custom user or role can escape that confinement. Triggered by"
            + " securityContext.seLinuxOptions on the pod or any container that sets user or role, or"
            + " a type other than container_t, container_init_t, container_kvm_t and, from version"
            + " v1.31 of the standard, container_engine_t.",
    remediation = "Remove seLinuxOptions.user, .role and custom .type; keep only .level if needed.")
public final class SeLinuxOptionsCustom extends Control {
  private static final Set<String> TYPES_V1_0 =
      Set.of("", "container_t", "container_init_t", "container_kvm_t");
  private static final Set<String> TYPES_V1_31 =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  @Override
  public String controlId() {
    return "seLinuxOptions";
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
    Set<String> types = v.atLeast(31) ? TYPES_V1_31 : TYPES_V1_0;
    check(pod.podSecurityContext(), "pod", types, out);
    for (ContainerView c : pod.containers()) {
      check(c.securityContext(), c.describe(), types, out);
    }
  }

  private void check(Optional<MapNode> sc, String who, Set<String> types, List<Violation> out) {
    Optional<MapNode> opts = sc.flatMap(s -> s.map("seLinuxOptions"));
    Pods.value(opts, "type")
        .filter(t -> !types.contains(t.value()))
        .ifPresent(
            t ->
                out.add(
                    Violation.at(
                        controlId(),
                        t,
                        "seLinuxOptions: "
                            + who
                            + " sets forbidden seLinuxOptions.type \""
                            + t.value()
                            + "\"",
                        Fix.of("remove the custom SELinux type", Fix.Op.remove(t.pointer())))));
    for (String field : List.of("user", "role")) {
      Pods.value(opts, field)
          .filter(t -> !t.value().isEmpty())
          .ifPresent(
              t ->
                  out.add(
                      Violation.at(
                          controlId(),
                          t,
                          "seLinuxOptions: "
                              + who
                              + " sets forbidden seLinuxOptions."
                              + field
                              + " \""
                              + t.value()
                              + "\"",
                          Fix.of(
                              "remove the custom SELinux " + field, Fix.Op.remove(t.pointer())))));
    }
  }
}
