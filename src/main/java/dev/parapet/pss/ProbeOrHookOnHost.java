package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.List;

/**
 * Probes and lifecycle hooks are sent by the kubelet from the node; a {@code host} field turns them
 * into requests to any address the node can reach. Triggers on a non-empty {@code host} in an
 * httpGet or tcpSocket probe or hook.
 */
@CheckInfo(
    id = "PSS-007",
    title = "Probe or lifecycle hook sent to another host",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/Host Probes / Lifecycle Hooks",
    mitre = {"T1090"},
    nsa = {"Network separation and hardening"},
    description =
        "The kubelet performs httpGet and tcpSocket probes and lifecycle hooks from the node's"
            + " network. With a host set, a pod author can make the node connect to addresses the pod"
            + " itself could not reach (node-local services, the control plane, metadata endpoints)."
            + " Triggered, from version v1.34 of the standard, by a non-empty host in the httpGet or"
            + " tcpSocket handler of livenessProbe, readinessProbe, startupProbe or"
            + " lifecycle.postStart/preStop, in any container; even 127.0.0.1 is forbidden, because"
            + " it is the node's loopback, not the pod's.",
    remediation = "Remove the host field so that the probe targets the pod's own IP.")
public final class ProbeOrHookOnHost extends Control {
  private static final List<String> PROBES =
      List.of("livenessProbe", "readinessProbe", "startupProbe");
  private static final List<String> HANDLERS = List.of("httpGet", "tcpSocket");

  @Override
  public String controlId() {
    return "hostProbesAndHostLifecycle";
  }

  @Override
  public Level level() {
    return Level.BASELINE;
  }

  @Override
  public int since() {
    return 34;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    for (ContainerView c : pod.containers()) {
      for (String probe : PROBES) {
        c.node().map(probe).ifPresent(p -> handlers(c, probe, p, out));
      }
      c.node()
          .map("lifecycle")
          .ifPresent(
              l -> {
                for (String hook : List.of("postStart", "preStop")) {
                  l.map(hook).ifPresent(h -> handlers(c, "lifecycle." + hook, h, out));
                }
              });
    }
  }

  private void handlers(ContainerView c, String where, MapNode handler, List<Violation> out) {
    for (String kind : HANDLERS) {
      handler
          .map(kind)
          .flatMap(h -> h.scalar("host"))
          .filter(s -> !s.isNull() && !s.value().isEmpty())
          .ifPresent(
              s ->
                  out.add(
                      Violation.at(
                          controlId(),
                          s,
                          "probe or lifecycle host: "
                              + c.describe()
                              + " uses "
                              + where
                              + "."
                              + kind
                              + ".host=\""
                              + s.value()
                              + "\"",
                          Fix.of("remove the host", Fix.Op.remove(s.pointer())))));
    }
  }
}
