package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import dev.parapet.source.ScalarNode;

/**
 * With one process namespace per pod, every container sees the others' processes. Triggers on
 * {@code spec.shareProcessNamespace: true}.
 */
@CheckInfo(
    id = "POD-003",
    title = "Process namespace shared between the pod's containers",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "workload",
    mitre = {"T1552.001"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "With shareProcessNamespace every container of the pod sees the processes of the others in"
            + " ps and /proc: their command lines (passwords passed as flags included), and, for"
            + " processes of the same user, their environment (/proc/PID/environ) and their whole"
            + " file system through /proc/PID/root; it can also signal them. A compromised sidecar"
            + " then reads the main container's secrets. The pause container becomes PID 1 as well."
            + " Triggered by spec.shareProcessNamespace set to true (YAML 1.1 spellings such as yes"
            + " count).",
    remediation =
        "Remove shareProcessNamespace; for debugging, attach an ephemeral container with"
            + " kubectl debug --target, which shares only the target container's namespace.")
public final class ProcessNamespaceShared implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    workload
        .podSpec()
        .flatMap(s -> s.scalar("shareProcessNamespace"))
        .filter(ScalarNode::isTrue)
        .ifPresent(
            s ->
                sink.report(
                    workload.object(),
                    s,
                    "pod shares one process namespace between its containers: each sees the"
                        + " others' processes, their command lines and, as the same user, their"
                        + " environment and files in /proc",
                    Fix.of("stop sharing the process namespace", Fix.Op.remove(s.pointer()))));
  }
}
