package dev.parapet.pss;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;

/**
 * A Pod Security label the admission plugin cannot parse. Triggers on a level other than
 * privileged, baseline or restricted, or a version other than latest or v1.N.
 */
@CheckInfo(
    id = "PSA-003",
    title = "Invalid Pod Security admission label",
    severity = Severity.MEDIUM,
    stride = Stride.TAMPERING,
    category = "psa",
    nsa = {"Pod security: pod security enforcement"},
    description =
        "Pod Security admission does not reject a namespace with a malformed label; it evaluates an"
            + " invalid enforce label as restricted:latest (which may reject pods unexpectedly) and"
            + " an invalid audit or warn label as privileged (which silently turns them off)."
            + " Triggered by a pod-security.kubernetes.io/<mode> label whose value is not privileged,"
            + " baseline or restricted, or a <mode>-version label that is not latest or v1.N.",
    remediation =
        "Correct the label to a valid level (privileged, baseline, restricted) and version.")
public final class InvalidPodSecurityLabel implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    for (K8sObject ns : context.inventory().ofKind("Namespace")) {
      for (NamespacePolicy.Mode mode : NamespacePolicy.Mode.values()) {
        NamespacePolicy.of(ns, mode)
            .filter(p -> p.invalid() != null)
            .ifPresent(
                p ->
                    sink.report(
                        ns,
                        p.labelNode(),
                        "namespace \""
                            + ns.name()
                            + "\": "
                            + p.invalid()
                            + " in its "
                            + mode.name().toLowerCase(java.util.Locale.ROOT)
                            + " label; the admission plugin evaluates it as "
                            + p.display()));
      }
    }
  }
}
