package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The restricted level requires dropping every capability and adding back at most NET_BIND_SERVICE.
 * Triggers on a container whose capabilities.drop lacks ALL, and on each added capability other
 * than NET_BIND_SERVICE.
 */
@CheckInfo(
    id = "PSS-018",
    title = "Capabilities not dropped",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    overlaps = {"PSS-004"},
    pss = "restricted/Capabilities",
    cis = {"CIS 1.10: 5.2.8", "CIS 1.10: 5.2.9", "CIS 1.10: 5.2.10"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    description =
        "Container runtimes grant a default set of capabilities (NET_RAW among them, which allows"
            + " ARP and DNS spoofing inside the node's network). Triggered, from version v1.22 of the"
            + " standard, by a container whose securityContext.capabilities.drop does not contain"
            + " ALL (exactly, upper case), and by each entry of capabilities.add other than"
            + " NET_BIND_SERVICE; from v1.25 pods with spec.os.name=windows are exempt. Under the"
            + " restricted level this control replaces the baseline capabilities one.",
    remediation =
        "Set securityContext.capabilities.drop: [ALL] on every container and add back only"
            + " NET_BIND_SERVICE if the process binds a port below 1024.")
public final class CapabilitiesNotDropped extends Control {
  @Override
  public String controlId() {
    return "capabilities_restricted";
  }

  @Override
  public Level level() {
    return Level.RESTRICTED;
  }

  @Override
  public int since() {
    return 22;
  }

  @Override
  public Set<String> overrides(PssVersion v) {
    return Set.of("capabilities_baseline");
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    if (v.atLeast(25) && Pods.isWindows(pod)) {
      return;
    }
    for (ContainerView c : pod.containers()) {
      Optional<MapNode> caps = c.securityContext().flatMap(sc -> sc.map("capabilities"));
      Optional<SeqNode> drop = caps.flatMap(m -> m.seq("drop"));
      boolean dropsAll =
          drop.map(
                  d ->
                      d.items().stream()
                          .anyMatch(i -> i instanceof ScalarNode s && s.value().equals("ALL")))
              .orElse(false);
      if (!dropsAll) {
        String message =
            "unrestricted capabilities: "
                + c.describe()
                + " must set securityContext.capabilities.drop=[\"ALL\"]";
        if (drop.isPresent()) {
          out.add(
              Violation.missing(
                  controlId(),
                  drop.get(),
                  "ALL",
                  message,
                  Fix.of("drop all capabilities", Patches.append(drop.get(), "ALL"))));
        } else {
          Node anchor = caps.isPresent() ? caps.get() : Pods.scAnchor(c);
          String missing =
              caps.isPresent()
                  ? "drop"
                  : c.securityContext().isPresent()
                      ? "capabilities.drop"
                      : "securityContext.capabilities.drop";
          out.add(
              Violation.missing(
                  controlId(),
                  anchor,
                  missing,
                  message,
                  Fix.of(
                      "drop all capabilities",
                      Patches.set(
                          c.node(),
                          List.of("securityContext", "capabilities", "drop"),
                          List.of("ALL")))));
        }
      }
      caps.flatMap(m -> m.seq("add"))
          .ifPresent(
              add -> {
                for (Node item : add.items()) {
                  String cap = item instanceof ScalarNode s ? s.value() : "";
                  if (!cap.equals("NET_BIND_SERVICE")) {
                    out.add(
                        Violation.at(
                            controlId(),
                            item,
                            "unrestricted capabilities: "
                                + c.describe()
                                + " must not include \""
                                + cap
                                + "\" in securityContext.capabilities.add",
                            Fix.of(
                                "drop the added capability " + cap,
                                Fix.Op.remove(item.pointer()))));
                  }
                }
              });
    }
  }
}
