package dev.parapet.pss;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import dev.parapet.source.MapNode;
import java.util.List;
import java.util.Map;

/**
 * A namespace with no Pod Security enforce label admits any pod the cluster default allows, which
 * is privileged unless an AdmissionConfiguration says otherwise. Triggers on every Namespace object
 * without {@code pod-security.kubernetes.io/enforce}.
 */
@CheckInfo(
    id = "PSA-002",
    title = "Namespace without a Pod Security enforce level",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "psa",
    cis = {"CIS 1.10: 5.2.1"},
    mitre = {"T1610"},
    nsa = {"Pod security: pod security enforcement"},
    description =
        "Pod Security admission applies the level in the namespace's"
            + " pod-security.kubernetes.io/enforce label; without it the cluster-wide default"
            + " applies, which is privileged unless the API server's AdmissionConfiguration sets"
            + " another: anyone who can create pods there can create privileged ones. Triggered by a"
            + " Namespace object without that label. The fix adds the most restrictive level that"
            + " still admits every workload of the namespace found in the input.",
    remediation =
        "Label the namespace with pod-security.kubernetes.io/enforce (restricted where the workloads"
            + " allow it, baseline at least) and pin pod-security.kubernetes.io/enforce-version.")
public final class NamespaceWithoutEnforceLevel implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    PssVersion version = PssVersion.parse(context.pssVersion());
    List<K8sObject> unlabelled =
        context.inventory().ofKind("Namespace").stream()
            .filter(ns -> NamespacePolicy.of(ns, NamespacePolicy.Mode.ENFORCE).isEmpty())
            .toList();
    if (unlabelled.isEmpty()) {
      return;
    }
    Map<String, Level> admitted = NamespacePolicy.highestAdmitted(context.inventory(), version);
    for (K8sObject ns : unlabelled) {
      Level level = admitted.getOrDefault(ns.name(), Level.RESTRICTED);
      MapNode metadata = ns.metadata().orElse(ns.root());
      MapNode anchor = metadata.map("labels").orElse(metadata);
      String missing =
          anchor == metadata
              ? "labels." + NamespacePolicy.Mode.ENFORCE.label()
              : NamespacePolicy.Mode.ENFORCE.label();
      Fix fix =
          Fix.of(
              "enforce the " + level.label() + " level, the most restrictive its workloads meet",
              Patches.set(
                  metadata,
                  List.of("labels", NamespacePolicy.Mode.ENFORCE.label()),
                  level.label()));
      sink.missing(
          ns,
          anchor,
          missing,
          "namespace \""
              + ns.name()
              + "\" has no pod-security.kubernetes.io/enforce label; its workloads in the input"
              + " meet "
              + level.label(),
          fix);
    }
  }
}
