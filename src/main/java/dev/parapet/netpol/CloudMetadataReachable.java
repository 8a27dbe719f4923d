package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import dev.parapet.netpol.Policy.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud instance metadata service hands out the node's cloud credentials to whoever asks from
 * the node's network; pods reach it unless egress policies keep them out. Triggers on each workload
 * (not on the host network) whose egress, under the policies of the input, allows TCP port 80 of
 * 169.254.169.254 or of AWS's IPv6 fd00:ec2::254: the metadata services answer plain HTTP on port
 * 80 only, so a rule that opens DNS (53) or HTTPS (443) to every address does not reach them.
 */
@CheckInfo(
    id = "NET-008",
    title = "Workload may reach the cloud metadata address",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "network",
    mitre = {"T1552.005"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "On AWS, GCP, Azure and most other clouds, http://169.254.169.254/ answers with the"
            + " node's instance credentials and bootstrap data (on some, the kubelet's"
            + " credentials) to any process that can reach it; from a pod that is one request"
            + " after a code execution or server-side request forgery bug, and the credentials"
            + " often allow far more than the pod itself (T1552.005). Triggered by each workload"
            + " whose egress allows TCP port 80 of 169.254.169.254 or of fd00:ec2::254 (AWS's IPv6"
            + " endpoint), as the connectivity engine computes it: no policy selects the pods for"
            + " egress, or an egress rule admits the address on TCP 80 (no to list, or an ipBlock"
            + " containing it that does not except it, with no ports or ports including TCP 80)."
            + " The metadata services of AWS, GCP, Azure, Oracle Cloud, OpenStack and"
            + " DigitalOcean answer plain HTTP on port 80 only, so a rule that opens only DNS (53)"
            + " or HTTPS (443) to every address is not reported. Reported per workload, at its pod"
            + " template's metadata,"
            + " even where NET-002 reports the namespace: the namespace finding is about isolation"
            + " in general, this one about credentials, and one default-deny egress policy clears"
            + " both. Pods on the host network are not reported: no NetworkPolicy applies to them,"
            + " so only the node can block them (PSS-002 reports hostNetwork; on AWS require"
            + " IMDSv2 with a hop limit of 1). High: cloud credentials are a step from the cluster"
            + " to the cloud account. On clusters outside a cloud the address answers nothing and"
            + " the finding can be suppressed with that reason.",
    remediation =
        "Select the workload with a default-deny egress policy and allow only the destinations it"
            + " needs; when it needs the internet, write ipBlock 0.0.0.0/0 with except:"
            + " [169.254.169.254/32] (and the private ranges). Also block the address at the node"
            + " (IMDSv2 with hop limit 1 on AWS, metadata concealment or Workload Identity on GKE).")
public final class CloudMetadataReachable implements InventoryCheck {
  /**
   * The port the metadata services listen on: plain HTTP (AWS IMDS, GCP's metadata server, Azure
   * IMDS, Oracle Cloud, OpenStack and DigitalOcean all serve http://169.254.169.254/ on 80).
   */
  static final PortSet METADATA_PORT = PortSet.of(PortSet.Protocol.TCP, 80, 80);

  static final List<IpRange> METADATA =
      List.of(
          IpRange.parseCidr("169.254.169.254/32").orElseThrow(),
          IpRange.parseCidr("fd00:ec2::254/128").orElseThrow());

  @Override
  public void check(CheckContext context, Sink sink) {
    Connectivity c = Connectivity.of(context.inventory());
    for (Map.Entry<PodGroup, Workload> e :
        NetpolFacts.workloads(context.inventory(), c).entrySet()) {
      PodGroup g = e.getKey();
      if (g.hostNetwork()) {
        continue;
      }
      for (IpRange address : METADATA) {
        if (c.allowed(g, address).intersect(METADATA_PORT).isEmpty()) {
          continue;
        }
        String ip = address.v6() ? "fd00:ec2::254" : "169.254.169.254";
        Workload w = e.getValue();
        sink.report(
            w.object(),
            NetpolFacts.podLabelsAnchor(w),
            g.display()
                + " may connect to the cloud metadata address "
                + ip
                + " on TCP 80: "
                + why(c, g, address));
        break;
      }
    }
  }

  private static String why(Connectivity c, PodGroup g, IpRange address) {
    if (c.egressPolicies(g).isEmpty()) {
      return "no NetworkPolicy selects it for egress";
    }
    for (Policy p : c.egressPolicies(g)) {
      for (Rule r : p.egress()) {
        if (Connectivity.ports(r, address).intersect(METADATA_PORT).isEmpty()) {
          continue;
        }
        Optional<String> how =
            r.anyPeer()
                ? Optional.of("has no to list")
                : r.peers().stream()
                    .filter(s -> c.matches(p, s, address))
                    .findFirst()
                    .map(s -> "has an ipBlock containing it without excepting it");
        if (how.isPresent()) {
          return "the egress rule at "
              + r.location().display()
              + " of "
              + NetpolFacts.policy(p)
              + " "
              + how.get();
        }
      }
    }
    return "egress policies admit it";
  }
}
