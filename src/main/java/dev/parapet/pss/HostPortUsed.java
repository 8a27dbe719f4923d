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

/**
 * A host port publishes the container on the node's address, outside Services and often outside
 * NetworkPolicies. Triggers on a non-zero {@code hostPort} in any container port.
 */
@CheckInfo(
    id = "PSS-006",
    title = "Container port bound to a host port",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "pss",
    pss = "baseline/Host Ports",
    cis = {"CIS 1.10: 5.2.13"},
    mitre = {"T1190"},
    nsa = {"Network separation and hardening"},
    description =
        "A hostPort makes the container reachable on the node's own address, bypassing Services;"
            + " many CNI plugins do not apply NetworkPolicies to it, and it pins the pod to nodes with"
            + " the port free. Triggered by a hostPort other than 0 in the ports of any container.",
    remediation = "Remove hostPort and expose the container through a Service.")
public final class HostPortUsed extends Control {
  @Override
  public String controlId() {
    return "hostPorts";
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
    for (ContainerView c : pod.containers()) {
      c.node()
          .seq("ports")
          .ifPresent(
              ports -> {
                for (Node p : ports.items()) {
                  if (p instanceof MapNode port) {
                    port.scalar("hostPort")
                        .filter(s -> s.asLong().orElse(0L) != 0L)
                        .ifPresent(
                            s ->
                                out.add(
                                    Violation.at(
                                        controlId(),
                                        s,
                                        "hostPort: " + c.describe() + " uses hostPort " + s.value(),
                                        Fix.of("remove hostPort", Fix.Op.remove(s.pointer())))));
                  }
                }
              });
    }
  }
}
