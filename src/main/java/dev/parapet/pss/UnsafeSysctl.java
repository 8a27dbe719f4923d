package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sysctls outside the namespaced, safe set change kernel behaviour for the whole node. Triggers on
 * a {@code securityContext.sysctls} name outside the allowed list of the chosen version.
 */
@CheckInfo(
    id = "PSS-012",
    title = "Unsafe sysctl",
    severity = Severity.HIGH,
    stride = Stride.DENIAL_OF_SERVICE,
    category = "pss",
    pss = "baseline/Sysctls",
    mitre = {"T1611", "T1499"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "Only a small set of sysctls is known to be namespaced and harmless to the node; others can"
            + " weaken or disable kernel protections for every pod on the node, or exhaust its"
            + " resources. Triggered by a pod-level securityContext.sysctls entry whose name is not in"
            + " the allowed list of the standard's version (kernel.shm_rmid_forced,"
            + " net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range,"
            + " net.ipv4.ip_unprivileged_port_start; from v1.27 net.ipv4.ip_local_reserved_ports;"
            + " from v1.29 net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl and"
            + " tcp_keepalive_probes; from v1.32 net.ipv4.tcp_rmem and tcp_wmem; from v1.37"
            + " net.ipv4.tcp_slow_start_after_idle and tcp_notsent_lowat). Names are compared"
            + " exactly; the slash form is not normalised.",
    remediation =
        "Remove the sysctl, or set it on the nodes (tuned, a node configuration DaemonSet in a"
            + " privileged namespace) rather than in the workload.")
public final class UnsafeSysctl extends Control {
  private static final Set<String> V1_0 =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_unprivileged_port_start");
  private static final Set<String> V1_27 = plus(V1_0, "net.ipv4.ip_local_reserved_ports");
  private static final Set<String> V1_29 =
      plus(
          V1_27,
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");
  private static final Set<String> V1_32 = plus(V1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
  private static final Set<String> V1_37 =
      plus(V1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat");

  private static Set<String> plus(Set<String> base, String... more) {
    Set<String> s = new HashSet<>(base);
    s.addAll(List.of(more));
    return Set.copyOf(s);
  }

  /** The sysctls allowed at a version. */
  static Set<String> allowed(PssVersion v) {
    if (v.atLeast(37)) {
      return V1_37;
    }
    if (v.atLeast(32)) {
      return V1_32;
    }
    if (v.atLeast(29)) {
      return V1_29;
    }
    return v.atLeast(27) ? V1_27 : V1_0;
  }

  @Override
  public String controlId() {
    return "sysctls";
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
    Set<String> allowed = allowed(v);
    pod.podSecurityContext()
        .flatMap(sc -> sc.seq("sysctls"))
        .ifPresent(
            list -> {
              for (Node item : list.items()) {
                if (!(item instanceof MapNode m)) {
                  continue;
                }
                String name = m.string("name").orElse("");
                if (!allowed.contains(name)) {
                  Node at = m.get("name").orElse(m);
                  out.add(
                      Violation.at(
                          controlId(),
                          at,
                          "forbidden sysctls: " + name,
                          Fix.of("remove sysctl " + name, Fix.Op.remove(m.pointer()))));
                }
              }
            });
  }
}
