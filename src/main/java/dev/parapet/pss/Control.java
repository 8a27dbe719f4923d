package dev.parapet.pss;

import dev.parapet.check.CheckContext;
import dev.parapet.check.Fix;
import dev.parapet.check.Sink;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One control of the Pod Security Standards, with the rules of every version in which it exists.
 * Each control is also a check: run in a scan, it reports its violations at the level and version
 * the user chose.
 */
public abstract class Control implements WorkloadCheck {
  /** The PodSecurity admission plugin's id of this control, e.g. {@code capabilities_baseline}. */
  public abstract String controlId();

  /** The level that first enforces this control. */
  public abstract Level level();

  /** The first minor version of the standard that defines this control. */
  public abstract int since();

  /** Controls this one replaces at version {@code v}; only restricted controls replace others. */
  public Set<String> overrides(PssVersion v) {
    return Set.of();
  }

  /** Adds this control's violations for the pod, with the rules of version {@code v}. */
  public abstract void evaluate(Workload pod, PssVersion v, List<Violation> out);

  @Override
  public final void check(Workload workload, CheckContext context, Sink sink) {
    Level level = Level.parse(context.pssLevel());
    PssVersion version = PssVersion.parse(context.pssVersion());
    if (!PssEvaluator.applicable(level, version).contains(this)) {
      return;
    }
    List<Violation> out = new ArrayList<>();
    evaluate(workload, version, out);
    for (Violation v : out) {
      Fix fix = v.fix();
      if (v.missingField() != null) {
        sink.missing(workload.object(), v.node(), v.missingField(), v.message(), fix);
      } else {
        sink.report(workload.object(), v.node(), v.message(), fix);
      }
    }
  }
}
