package dev.parapet.check;

import dev.parapet.model.K8sObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs checks over an inventory. Objects are independent, so object checks run in parallel; a check
 * that throws is caught per (check, object) and reported as a {@link CheckError}.
 */
public final class CheckRunner {
  private CheckRunner() {}

  /** Findings (sorted) and errors of running {@code checks}. */
  public record Outcome(List<Finding> findings, List<CheckError> errors) {
    public Outcome {
      findings = List.copyOf(findings);
      errors = List.copyOf(errors);
    }
  }

  public static Outcome run(List<? extends Check> checks, CheckContext context) {
    List<ObjectCheck> objectChecks = new ArrayList<>();
    List<InventoryCheck> inventoryChecks = new ArrayList<>();
    for (Check c : checks) {
      if (c instanceof ObjectCheck oc) {
        objectChecks.add(oc);
      } else if (c instanceof InventoryCheck ic) {
        inventoryChecks.add(ic);
      }
    }
    // metadata is read once per run, not once per object
    List<CheckMeta> metas = objectChecks.stream().map(Check::meta).toList();
    List<Outcome> parts =
        context.inventory().objects().parallelStream()
            .map(o -> runOn(o, objectChecks, metas, context))
            .toList();
    List<Finding> findings = new ArrayList<>();
    List<CheckError> errors = new ArrayList<>();
    for (Outcome p : parts) {
      findings.addAll(p.findings());
      errors.addAll(p.errors());
    }
    for (InventoryCheck c : inventoryChecks) {
      Sink sink = new Sink(c.meta());
      try {
        c.check(context, sink);
        findings.addAll(sink.findings());
      } catch (RuntimeException | StackOverflowError e) {
        errors.add(new CheckError(c.meta().id(), null, describe(e)));
      }
    }
    findings.sort(Finding.ORDER);
    return new Outcome(findings, errors);
  }

  private static Outcome runOn(
      K8sObject object, List<ObjectCheck> checks, List<CheckMeta> metas, CheckContext context) {
    List<Finding> findings = new ArrayList<>();
    List<CheckError> errors = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      ObjectCheck c = checks.get(i);
      Sink sink = new Sink(metas.get(i));
      try {
        c.check(object, context, sink);
        findings.addAll(sink.findings());
      } catch (RuntimeException | StackOverflowError e) {
        errors.add(new CheckError(metas.get(i).id(), object.ref(), describe(e)));
      }
    }
    return new Outcome(findings, errors);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
