package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.ObjectCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An Ingress without TLS serves its hosts over plain HTTP. Triggers on an Ingress with no {@code
 * spec.tls}, and on each rule host that no tls entry covers.
 */
@CheckInfo(
    id = "EXP-002",
    title = "Ingress host served without TLS",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "exposure",
    mitre = {"T1040", "T1557"},
    nsa = {"Network separation and hardening: encryption"},
    description =
        "Without TLS, credentials, session cookies and data between clients and the ingress"
            + " controller cross the network in clear text and can be read or altered on the way."
            + " Triggered by an Ingress (networking.k8s.io v1 or v1beta1, extensions/v1beta1) with"
            + " no spec.tls entry, reported at spec, and, when tls entries exist, by each rule host"
            + " that none of them covers (exact name, case-insensitive, or a *.domain wildcard"
            + " matching one label), reported at the host. A tls entry without hosts covers every"
            + " host, as the controller then serves its default certificate; rules without a host"
            + " are reported only through the missing tls.",
    remediation =
        "Add a spec.tls entry listing every rule host with a certificate Secret (cert-manager can"
            + " issue and renew it), and make the controller redirect HTTP to HTTPS.")
public final class IngressWithoutTls implements ObjectCheck {
  private static final Set<String> GROUPS = Set.of("networking.k8s.io", "extensions");

  @Override
  public void check(K8sObject object, CheckContext context, Sink sink) {
    if (!object.kind().equals("Ingress") || !GROUPS.contains(object.group())) {
      return;
    }
    Optional<MapNode> spec = object.root().map("spec");
    List<String> hosts = new ArrayList<>();
    List<ScalarNode> hostNodes = new ArrayList<>();
    for (Node r : items(spec.flatMap(s -> s.seq("rules")))) {
      if (r instanceof MapNode rule) {
        rule.scalar("host")
            .filter(h -> !h.isNull() && !h.value().isEmpty())
            .ifPresent(
                h -> {
                  hosts.add(h.value());
                  hostNodes.add(h);
                });
      }
    }
    List<Node> tls = items(spec.flatMap(s -> s.seq("tls")));
    if (tls.isEmpty()) {
      String served = hosts.isEmpty() ? "its backends" : String.join(", ", hosts);
      String message =
          "Ingress \""
              + object.name()
              + "\" has no tls section: "
              + served
              + " served over plain HTTP";
      if (spec.isPresent()) {
        sink.missing(object, spec.get(), "tls", message, null);
      } else {
        sink.missing(object, object.root(), "spec.tls", message, null);
      }
      return;
    }
    List<String> covered = new ArrayList<>();
    boolean coversAll = false;
    for (Node t : tls) {
      if (!(t instanceof MapNode entry)) {
        continue;
      }
      List<Node> names = items(entry.seq("hosts"));
      if (names.isEmpty()) {
        coversAll = true;
      }
      for (Node n : names) {
        if (n instanceof ScalarNode s && !s.isNull()) {
          covered.add(s.value().toLowerCase(Locale.ROOT));
        }
      }
    }
    if (coversAll) {
      return;
    }
    for (ScalarNode h : hostNodes) {
      if (!covers(covered, h.value())) {
        sink.report(
            object,
            h,
            "Ingress \""
                + object.name()
                + "\" serves host "
                + h.value()
                + " over plain HTTP: no tls entry lists it");
      }
    }
  }

  /** True when a tls host name, or a one-label wildcard, matches the rule host. */
  static boolean covers(List<String> tlsHosts, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String t : tlsHosts) {
      if (t.equals(h)) {
        return true;
      }
      if (t.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot).equals(t.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<Node> items(Optional<SeqNode> seq) {
    return seq.map(SeqNode::items).orElse(List.of());
  }
}
