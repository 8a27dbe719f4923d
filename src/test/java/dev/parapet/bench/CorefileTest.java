package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** CoreDNS Corefiles: kubeadm's default in its ConfigMap, and hand-edited surprises. */
class CorefileTest {
  private static Map<String, String> facts(Corefile c) {
    return c.facts().stream().collect(Collectors.toMap(Setting::name, Setting::value));
  }

  static K8sObject configMap(String file, String yaml) {
    Inventory inv =
        Inventory.build(
            java.util.List.of(
                new dev.parapet.source.YamlReader(dev.parapet.source.Limits.DEFAULT)
                    .read(file, yaml.getBytes())));
    return inv.ofKind("ConfigMap").get(0);
  }

  @Test
  void kubeadmsDefaultCorefileIsNormal() throws IOException {
    String yaml = Files.readString(KubeletSettingsTest.DATA.resolve("coredns-configmap.yaml"));
    Corefile.Result r = Corefile.fromConfigMap(configMap("coredns.yaml", yaml));
    assertThat(r.problems()).isEmpty();
    Corefile c = r.corefile().orElseThrow();
    assertThat(c.blocks()).hasSize(1);
    Corefile.ServerBlock b = c.blocks().get(0);
    assertThat(b.keys()).containsExactly(".:53");
    assertThat(b.zones()).containsExactly(".");
    assertThat(b.plugins())
        .extracting(Corefile.Directive::name)
        .containsExactly(
            "errors",
            "health",
            "ready",
            "kubernetes",
            "prometheus",
            "forward",
            "cache",
            "loop",
            "reload",
            "loadbalance");
    // lines are those of the ConfigMap file: the block scalar starts on line 8
    assertThat(b.line()).isEqualTo(8);
    assertThat(c.plugin("health").orElseThrow().line()).isEqualTo(10);
    assertThat(c.plugin("health").orElseThrow().options().get(0).args()).containsExactly("5s");
    assertThat(c.plugin("forward").orElseThrow().line()).isEqualTo(20);
    assertThat(c.clusterZones()).containsExactly("cluster.local.", "in-addr.arpa.", "ip6.arpa.");
    assertThat(c.forwards()).containsExactly(". -> /etc/resolv.conf");
    assertThat(c.surprises()).isEmpty();
    assertThat(facts(c))
        .containsEntry("health.present", "true")
        .containsEntry("ready.present", "true")
        .containsEntry("kubernetes.zones", "cluster.local.,in-addr.arpa.,ip6.arpa.")
        .containsEntry("forward.targets", ". -> /etc/resolv.conf")
        .containsEntry("forward.surprises", "0")
        .containsEntry("forward.normal", "true");
  }

  @Test
  void flagsMissingHealthAndClusterNamesLeavingTheCluster() throws IOException {
    Corefile c =
        Corefile.parse(
                "Corefile",
                Files.readString(KubeletSettingsTest.DATA.resolve("Corefile-surprising")),
                1)
            .corefile()
            .orElseThrow();
    assertThat(c.blocks()).extracting(Corefile.ServerBlock::line).containsExactly(2, 11);
    assertThat(c.surprises())
        .extracting(Corefile.Surprise::line, Corefile.Surprise::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                8, "forward sends the cluster zone svc.cluster.local. to 10.10.0.53"),
            org.assertj.core.groups.Tuple.tuple(
                5,
                "kubernetes falls through for every zone (fallthrough without zones), so unknown"
                    + " cluster names go to 8.8.8.8,1.1.1.1"));
    assertThat(facts(c))
        .containsEntry("health.present", "false")
        .containsEntry("forward.surprises", "2")
        .containsEntry("forward.normal", "false")
        .containsEntry(
            "forward.targets",
            ". -> 8.8.8.8,1.1.1.1;svc.cluster.local -> 10.10.0.53;. -> 10.0.0.2");
  }

  @Test
  void aClusterZoneServedWithoutTheKubernetesPluginIsASurprise() {
    Corefile c =
        Corefile.parse(
                "Corefile",
                """
                cluster.local:53 {
                    forward . 10.0.0.2
                }
                .:53 {
                    kubernetes in-addr.arpa
                    forward . /etc/resolv.conf
                }
                """,
                1)
            .corefile()
            .orElseThrow();
    assertThat(c.surprises())
        .extracting(Corefile.Surprise::message)
        .containsExactly(
            "the server block cluster.local:53 answers cluster.local. without the kubernetes"
                + " plugin and forwards it to 10.0.0.2");
  }

  private static Corefile corefile(String text) {
    Corefile.Result r = Corefile.parse("Corefile", text, 1);
    assertThat(r.problems()).isEmpty();
    return r.corefile().orElseThrow();
  }

  /**
   * kubeadm's block, then {@code extra}: lines 1-10 are kubeadm's, the extra block starts at 11.
   */
  private static Corefile kubeadmPlus(String extra) {
    return corefile(
        """
        .:53 {
            errors
            health
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               fallthrough in-addr.arpa ip6.arpa
            }
            forward . /etc/resolv.conf
            cache 30
        }
        """
            + extra);
  }

  @Test
  void aBlockForAZoneUnderTheClusterDomainThatForwardsIsASurprise() {
    Corefile c =
        kubeadmPlus(
            """
            svc.cluster.local:53 {
                errors
                forward . 10.0.0.53
            }
            """);
    assertThat(c.surprises())
        .extracting(Corefile.Surprise::line, Corefile.Surprise::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                13,
                "the server block svc.cluster.local:53 answers svc.cluster.local., under the"
                    + " cluster zone cluster.local., without the kubernetes plugin and forwards it"
                    + " to 10.0.0.53"));
    assertThat(facts(c))
        .containsEntry("forward.surprises", "1")
        .containsEntry("forward.normal", "false")
        .containsEntry("forward.targets", ". -> /etc/resolv.conf;. -> 10.0.0.53");
  }

  @Test
  void aBlockUnderTheClusterDomainIsASurpriseWhateverItsKeysLookLike() {
    // no port written is port 53; a forward of the block's own zone sends the same names
    Corefile c =
        kubeadmPlus(
            """
            dns://default.svc.cluster.local example.org {
                forward default.svc.cluster.local 192.0.2.1:53
            }
            """);
    assertThat(c.surprises())
        .extracting(Corefile.Surprise::line)
        .containsExactly(12); // reported once, as a forward of a cluster zone
    Corefile viaTheRoot =
        kubeadmPlus(
            """
            pod.cluster.local svc.cluster.local {
                forward . 8.8.8.8
            }
            """);
    assertThat(viaTheRoot.surprises())
        .singleElement()
        .extracting(Corefile.Surprise::message)
        .isEqualTo(
            "the server block pod.cluster.local svc.cluster.local answers pod.cluster.local.,"
                + " under the cluster zone cluster.local., and svc.cluster.local., under the"
                + " cluster zone cluster.local., without the kubernetes plugin and forwards it to"
                + " 8.8.8.8");
  }

  @Test
  void aBlockUnderTheClusterDomainWithItsOwnKubernetesPluginIsNoSurprise() {
    Corefile own =
        kubeadmPlus(
            """
            svc.cluster.local:53 {
                kubernetes
                forward . /etc/resolv.conf
            }
            """);
    assertThat(own.surprises()).isEmpty();
    Corefile parentZone =
        kubeadmPlus(
            """
            svc.cluster.local:53 {
                kubernetes cluster.local
                forward . 10.0.0.53
            }
            """);
    assertThat(parentZone.surprises()).isEmpty();
    // a kubernetes plugin for another zone does not answer svc.cluster.local
    Corefile otherZone =
        kubeadmPlus(
            """
            svc.cluster.local:53 {
                kubernetes example.org
                forward . 10.0.0.53
            }
            """);
    assertThat(otherZone.surprises()).extracting(Corefile.Surprise::line).containsExactly(13);
  }

  @Test
  void unrelatedZonesOtherPortsAndBlocksThatDoNotForwardAreNoSurprise() {
    Corefile c =
        kubeadmPlus(
            """
            corp.example:53 {
                forward . 10.0.0.2
            }
            svc.cluster.local:1053 {
                forward . 10.0.0.53
            }
            tls://svc.cluster.local {
                forward . 10.0.0.53
            }
            custom.svc.cluster.local:53 {
                hosts {
                   10.0.0.9 db.custom.svc.cluster.local
                }
            }
            """);
    assertThat(c.surprises()).isEmpty();
    assertThat(facts(c)).containsEntry("forward.surprises", "0");
    // with the kubernetes plugin listening on 1053 too, that block takes the names there
    Corefile both =
        corefile(
            """
            .:53 .:1053 {
                kubernetes cluster.local
                forward . /etc/resolv.conf
            }
            svc.cluster.local:1053 {
                forward . 10.0.0.53
            }
            """);
    assertThat(both.surprises()).extracting(Corefile.Surprise::line).containsExactly(6);
  }

  @Test
  void listenersOfServerKeys() {
    assertThat(Corefile.listenerOfKey(".:53")).isEqualTo("dns:53");
    assertThat(Corefile.listenerOfKey("example.org")).isEqualTo("dns:53");
    assertThat(Corefile.listenerOfKey("dns://example.org:1053")).isEqualTo("dns:1053");
    assertThat(Corefile.listenerOfKey("tls://.")).isEqualTo("tls:853");
    assertThat(Corefile.listenerOfKey("grpc://.")).isEqualTo("grpc:443");
  }

  @Test
  void unbalancedBracesAndMissingKeyAreWarnings() {
    Corefile.Result r = Corefile.parse("Corefile", ".:53 {\n  health\n  cache 30 {\n", 1);
    assertThat(r.problems())
        .extracting(Object::toString)
        .containsExactly(
            "Corefile:3: warning: Corefile: block opened here is never closed",
            "Corefile:1: warning: Corefile: block opened here is never closed");
    assertThat(r.corefile().orElseThrow().plugin("health")).isPresent();
    Corefile.Result noKey =
        Corefile.fromConfigMap(
            configMap(
                "cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace:"
                    + " kube-system\ndata:\n  other: x\n"));
    assertThat(noKey.corefile()).isEmpty();
    assertThat(noKey.problems()).singleElement().asString().contains("has no data.Corefile");
  }

  @Test
  void aQuotedOneLineValueIsPlacedAtItsKey() {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"coredns\","
            + "\"namespace\":\"kube-system\"},\n\"data\":{\"Corefile\":\".:53 {\\n    health\\n"
            + "    forward . /etc/resolv.conf\\n}\\n\"}}\n";
    Corefile c = Corefile.fromConfigMap(configMap("cm.json", json)).corefile().orElseThrow();
    assertThat(c.plugin("health").orElseThrow().line()).isEqualTo(2);
    assertThat(facts(c)).containsEntry("forward.normal", "true");
  }

  @Test
  void refusesAnOversizedCorefile() {
    Corefile.Result r = Corefile.parse("Corefile", "#".repeat(Corefile.MAX_CHARS + 1), 1);
    assertThat(r.corefile()).isEmpty();
    assertThat(r.problems())
        .singleElement()
        .asString()
        .startsWith("Corefile: cannot read Corefile");
  }

  @Test
  void zonesOfServerKeys() {
    assertThat(Corefile.zoneOfKey(".:53")).isEqualTo(".");
    assertThat(Corefile.zoneOfKey("dns://Example.org:1053")).isEqualTo("example.org.");
    assertThat(Corefile.zoneOfKey("cluster.local")).isEqualTo("cluster.local.");
  }
}
