package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.SeqNode;
import java.util.List;
import java.util.Optional;

/**
 * Secrets handed over as environment variables leak more easily than mounted files. Triggers on
 * {@code env[].valueFrom.secretKeyRef} and {@code envFrom[].secretRef}.
 */
@CheckInfo(
    id = "SEC-003",
    title = "Secret passed to a container through its environment",
    severity = Severity.LOW,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "secret",
    cis = {"CIS 1.10: 5.4.1"},
    mitre = {"T1552.001"},
    nsa = {"Network separation and hardening: secrets"},
    description =
        "The environment is inherited by every child process, dumped by crash reporters, debug"
            + " endpoints and error pages, readable in /proc/PID/environ by processes of the same"
            + " user (and by other containers with a shared process namespace), and never updated"
            + " when the Secret is rotated; a mounted file has none of these problems. Triggered by"
            + " each env[].valueFrom.secretKeyRef and each envFrom[].secretRef of any container,"
            + " init and ephemeral ones included.",
    remediation =
        "Mount the Secret as a volume (readOnly, defaultMode 0400) and have the application read"
            + " the file; many libraries accept a *_FILE variable naming it.")
public final class SecretInEnvironment implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    for (ContainerView c : workload.containers()) {
      for (Node item : items(c.node().seq("env"))) {
        if (!(item instanceof MapNode var)) {
          continue;
        }
        Optional<MapNode> ref = var.map("valueFrom").flatMap(v -> v.map("secretKeyRef"));
        ref.ifPresent(
            r ->
                sink.report(
                    workload.object(),
                    r,
                    c.describe()
                        + ": environment variable "
                        + var.string("name").orElse("")
                        + " is read from key \""
                        + r.string("key").orElse("")
                        + "\" of Secret \""
                        + r.string("name").orElse("")
                        + "\"; mount it as a file instead"));
      }
      for (Node item : items(c.node().seq("envFrom"))) {
        if (!(item instanceof MapNode from)) {
          continue;
        }
        from.map("secretRef")
            .ifPresent(
                r ->
                    sink.report(
                        workload.object(),
                        r,
                        c.describe()
                            + ": every key of Secret \""
                            + r.string("name").orElse("")
                            + "\" becomes an environment variable; mount it as a file instead"));
      }
    }
  }

  private static List<Node> items(Optional<SeqNode> seq) {
    return seq.map(SeqNode::items).orElse(List.of());
  }
}
