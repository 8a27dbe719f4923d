package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import java.util.List;
import java.util.Set;

/**
 * The restricted level keeps /proc masked even in a user namespace. Triggers from v1.35 on a
 * procMount other than Default, whatever hostUsers says.
 */
@CheckInfo(
    id = "PSS-019",
    title = "Unmasked /proc mount under the restricted level",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    overlaps = {"PSS-010"},
    pss = "restricted//proc Mount Type",
    mitre = {"T1611"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "From version v1.35 of the standard the baseline level lets pods with their own user"
            + " namespace (spec.hostUsers=false) unmask /proc; the restricted level does not, and"
            + " replaces the baseline control with this one. Triggered by securityContext.procMount"
            + " other than Default on any container.",
    remediation = "Remove procMount or set it to Default.")
public final class ProcMountUnmaskedRestricted extends Control {
  @Override
  public String controlId() {
    return "procMount_restricted";
  }

  @Override
  public Level level() {
    return Level.RESTRICTED;
  }

  @Override
  public int since() {
    return 35;
  }

  @Override
  public Set<String> overrides(PssVersion v) {
    return Set.of("procMount");
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    ProcMountUnmasked.report(controlId(), pod, out);
  }
}
