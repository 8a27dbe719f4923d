package dev.parapet.workload;

import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Linux capabilities worth naming one by one, with what each allows and how bad adding it is. Three
 * checks share this table, one per severity, because a check has one severity.
 */
final class Capabilities {
  private Capabilities() {}

  /** What a capability allows, and the severity of adding it. */
  record Risk(Severity severity, String allows) {}

  static final Map<String, Risk> RISKS = table();

  private static Map<String, Risk> table() {
    Map<String, Risk> m = new LinkedHashMap<>();
    m.put(
        "ALL",
        new Risk(
            Severity.CRITICAL,
            "every capability, all the kernel powers of root: the start of most container escapes"));
    m.put(
        "SYS_ADMIN",
        new Risk(
            Severity.CRITICAL,
            "mounting file systems, creating namespaces and many privileged kernel operations; the"
                + " usual way out of a container (cgroup release_agent, mounting the node's disk)"));
    m.put(
        "SYS_MODULE",
        new Risk(
            Severity.CRITICAL,
            "loading kernel modules, that is running any code inside the node's kernel"));
    m.put(
        "NET_ADMIN",
        new Risk(
            Severity.HIGH,
            "reconfiguring interfaces, routes and firewall rules to intercept or redirect traffic"
                + " (the node's own with hostNetwork)"));
    m.put(
        "SYS_PTRACE",
        new Risk(
            Severity.HIGH,
            "tracing other processes and reading or changing their memory, including secrets of"
                + " every process it can see"));
    m.put(
        "DAC_READ_SEARCH",
        new Risk(
            Severity.HIGH,
            "bypassing file read permissions and opening files by handle (open_by_handle_at), which"
                + " has been used to read the node's files from a container"));
    m.put(
        "BPF",
        new Risk(
            Severity.HIGH, "loading eBPF programs and maps that observe or alter kernel activity"));
    m.put(
        "PERFMON",
        new Risk(
            Severity.HIGH,
            "kernel performance monitoring and tracing, which exposes kernel memory and, with BPF,"
                + " other processes' activity"));
    m.put(
        "SYS_RAWIO",
        new Risk(
            Severity.HIGH,
            "raw I/O port and device memory access, past the kernel's protection of hardware and"
                + " memory"));
    m.put(
        "SYS_BOOT",
        new Risk(Severity.HIGH, "rebooting the node and loading a new kernel with kexec"));
    m.put(
        "SYS_TIME",
        new Risk(
            Severity.HIGH,
            "setting the node's clock, shared by every container: certificate validity, token"
                + " expiry and log timelines go wrong"));
    m.put(
        "MAC_ADMIN",
        new Risk(
            Severity.HIGH,
            "changing the AppArmor, SELinux or Smack configuration that confines containers"));
    m.put(
        "MAC_OVERRIDE",
        new Risk(Severity.HIGH, "overriding mandatory access control (AppArmor, SELinux, Smack)"));
    m.put(
        "NET_RAW",
        new Risk(
            Severity.MEDIUM,
            "raw and packet sockets: crafting any packet and spoofing ARP or DNS answers to other"
                + " pods of the node"));
    m.put(
        "SETFCAP",
        new Risk(
            Severity.MEDIUM,
            "setting file capabilities on executables, so that a program gains capabilities when it"
                + " runs"));
    m.put(
        "SYS_RESOURCE",
        new Risk(Severity.MEDIUM, "overriding resource limits, quotas and reserved disk space"));
    m.put(
        "SYSLOG",
        new Risk(
            Severity.MEDIUM,
            "reading and clearing the kernel log, which reveals kernel addresses"));
    m.put(
        "AUDIT_CONTROL",
        new Risk(
            Severity.MEDIUM, "changing or turning off the kernel's audit rules, hiding activity"));
    m.put(
        "AUDIT_READ",
        new Risk(Severity.MEDIUM, "reading the kernel's audit log of the whole node"));
    m.put(
        "LINUX_IMMUTABLE",
        new Risk(
            Severity.MEDIUM,
            "clearing immutable and append-only file flags, e.g. to rewrite append-only logs"));
    m.put(
        "IPC_OWNER",
        new Risk(
            Severity.MEDIUM,
            "bypassing permission checks on System V shared memory, semaphores and queues"));
    m.put(
        "IPC_LOCK",
        new Risk(Severity.MEDIUM, "locking memory without limit, which can starve the node"));
    m.put(
        "SYS_NICE",
        new Risk(
            Severity.MEDIUM,
            "raising its own priority and changing other processes' scheduling, starving"
                + " neighbours"));
    m.put(
        "CHECKPOINT_RESTORE",
        new Risk(
            Severity.MEDIUM,
            "checkpoint and restore operations such as choosing process ids and reading other"
                + " processes' memory maps"));
    return Map.copyOf(m);
  }

  /**
   * The canonical name of a capability as the container runtimes read it: upper case, without the
   * {@code CAP_} prefix (containerd and CRI-O accept both spellings).
   */
  static String canonical(String written) {
    String name = written.trim().toUpperCase(Locale.ROOT);
    return name.startsWith("CAP_") ? name.substring(4) : name;
  }

  /** Reports every added capability of {@code severity}, at its list item. */
  static void report(Workload workload, Severity severity, Sink sink) {
    for (ContainerView c : workload.containers()) {
      Optional<SeqNode> add =
          c.securityContext().flatMap(sc -> sc.map("capabilities")).flatMap(m -> m.seq("add"));
      if (add.isEmpty()) {
        continue;
      }
      for (Node item : add.get().items()) {
        if (!(item instanceof ScalarNode s) || s.isNull()) {
          continue;
        }
        Risk risk = RISKS.get(canonical(s.value()));
        if (risk == null || risk.severity() != severity) {
          continue;
        }
        sink.report(
            workload.object(),
            item,
            c.describe() + " adds capability " + s.value() + ", which allows " + risk.allows(),
            Fix.of("remove the added capability " + s.value(), Fix.Op.remove(item.pointer())));
      }
    }
  }
}
