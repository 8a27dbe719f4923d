package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.Policy.Rule;
import java.util.Optional;

/**
 * An egress rule to every address on every port undoes egress isolation for the pods it selects:
 * exfiltration, command and control and the cloud metadata service are all open. Triggers on each
 * egress rule without ports whose to list is absent or empty, or has an ipBlock of 0.0.0.0/0 or
 * ::/0 without except entries.
 */
@CheckInfo(
    id = "NET-007",
    title = "Egress to every address on every port",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "network",
    mitre = {"T1041", "T1105"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "Egress policies exist to limit where a compromised pod can send data and fetch tools"
            + " from; a rule that allows every address on every port gives that up for the pods"
            + " its policy selects, and also opens the cloud metadata service (NET-008) and every"
            + " pod of the cluster. Triggered by each egress rule that has no ports (every port of"
            + " every protocol) and whose to list is absent or empty (every destination), or has"
            + " an ipBlock whose cidr is 0.0.0.0/0 or ::/0 with no except entries (an except list"
            + " shows that someone chose what to keep out, typically private ranges and the"
            + " metadata address). Rules limited to some ports, such as 443 to the internet, are"
            + " not reported. Medium: it widens what a compromise can do, it does not cause one.",
    remediation =
        "List the destinations the pods need (pods by selector, external services by ipBlock of"
            + " their addresses) with their ports; when the internet is needed, allow 0.0.0.0/0 on"
            + " port 443 only and except the private ranges and 169.254.169.254/32.")
public final class EgressToEverywhere implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    for (Policy p : Connectivity.of(context.inventory()).policies()) {
      if (!p.egressType()) {
        continue;
      }
      for (Rule r : p.egress()) {
        wide(r)
            .ifPresent(
                why ->
                    sink.report(
                        p.object(),
                        NetpolFacts.at(p.object(), r.location()),
                        "egress rule of "
                            + NetpolFacts.policy(p)
                            + " allows "
                            + why
                            + " on every port of every protocol"));
      }
    }
  }

  private static Optional<String> wide(Rule r) {
    if (!r.anyPort()) {
      return Optional.empty();
    }
    if (r.anyPeer()) {
      return Optional.of("every destination (the rule has no to)");
    }
    for (PeerSpec peer : r.peers()) {
      if (NetpolFacts.everyAddress(peer) && peer.except().isEmpty()) {
        return Optional.of(
            "every address (ipBlock " + (peer.cidr().get().v6() ? "::/0" : "0.0.0.0/0") + ")");
      }
    }
    return Optional.empty();
  }
}
