package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.Check;
import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How pods become pod groups, on {@code kubectl get -o yaml} dumps of pods with their
 * ownerReferences (src/test/resources/netpol-grouping).
 */
class PodGroupingTest {
  private static Inventory load(String... names) throws IOException {
    List<ParsedFile> files = new ArrayList<>();
    for (String name : names) {
      try (InputStream in = PodGroupingTest.class.getResourceAsStream("/netpol-grouping/" + name)) {
        ParsedFile f = new YamlReader(Limits.DEFAULT).read(name, in.readAllBytes());
        assertThat(f.problems()).isEmpty();
        files.add(f);
      }
    }
    Inventory inventory = Inventory.build(files);
    assertThat(inventory.problems()).isEmpty();
    return inventory;
  }

  private static List<String> groups(Inventory inventory) {
    List<String> out = Connectivity.of(inventory).groups().stream().map(Peer::display).toList();
    // every command names the groups alike
    assertThat(WorkloadGroups.workloads(inventory).keySet())
        .containsExactlyInAnyOrderElementsOf(out);
    return out;
  }

  private static List<String> findings(Check check, Inventory inventory) {
    CheckRunner.Outcome out = CheckRunner.run(List.of(check), CheckContext.of(inventory));
    assertThat(out.errors()).isEmpty();
    return out.findings().stream().map(Finding::message).toList();
  }

  private static PodGroup group(Inventory inventory, String display) {
    return Connectivity.of(inventory).group(display).orElseThrow();
  }

  @Test
  void showsEachStaticPodAsItselfNotAsItsNode() throws IOException {
    Inventory inventory = load("static-pods.yaml");
    assertThat(groups(inventory))
        .containsExactly("kube-system/etcd-node1[Pod]", "kube-system/kube-apiserver-node1[Pod]");
    Connectivity c = Connectivity.of(inventory);
    PodGroup apiserver = group(inventory, "kube-system/kube-apiserver-node1[Pod]");
    assertThat(apiserver.labels()).containsEntry("component", "kube-apiserver");
    assertThat(c.ingressPolicies(apiserver)).hasSize(1);
    assertThat(c.allowed(group(inventory, "kube-system/etcd-node1[Pod]"), apiserver))
        .hasToString("TCP 6443");
    assertThat(findings(new PolicySelectsNoPod(), inventory)).isEmpty();
  }

  @Test
  void showsAPodWithoutAControllerReferenceAsItself() throws IOException {
    assertThat(groups(load("non-controller-owner.yaml"))).containsExactly("a/migrate-schema[Pod]");
  }

  @Test
  void keepsApartThePodsOfOneControllerThatAPolicyTellsApart() throws IOException {
    Inventory inventory = load("statefulset-pods.yaml", "kafka-1-only.yaml");
    assertThat(groups(inventory)).containsExactly("a/kafka-0[Pod]", "a/kafka-1[Pod]");
    Connectivity c = Connectivity.of(inventory);
    PodGroup kafka0 = group(inventory, "a/kafka-0[Pod]");
    PodGroup kafka1 = group(inventory, "a/kafka-1[Pod]");
    assertThat(c.allowed(kafka0, kafka1).isEmpty()).isTrue();
    assertThat(c.allowed(kafka1, kafka0)).isEqualTo(PortSet.ALL);
    assertThat(findings(new PolicySelectsNoPod(), inventory)).isEmpty();
    // kafka-0 is truly selected by no policy; kafka-1 is
    assertThat(findings(new WorkloadNotSelectedByAnyPolicy(), inventory))
        .singleElement()
        .asString()
        .startsWith("a/kafka-0[Pod] ");
  }

  @Test
  void keepsInTheControllerOnlyThePodsNoPolicyTellsApartFromItsTemplate() throws IOException {
    Inventory inventory = load("statefulset.yaml", "statefulset-pods.yaml", "kafka-1-only.yaml");
    assertThat(groups(inventory)).containsExactly("a/kafka-1[Pod]", "a/kafka[StatefulSet]");
    Connectivity c = Connectivity.of(inventory);
    assertThat(c.ingressPolicies(group(inventory, "a/kafka-1[Pod]"))).hasSize(1);
    assertThat(c.ingressPolicies(group(inventory, "a/kafka[StatefulSet]"))).isEmpty();
  }

  @Test
  void mergesThePodsOfOneControllerThatNoPolicyTellsApart() throws IOException {
    assertThat(groups(load("statefulset-pods.yaml", "kafka-all.yaml")))
        .containsExactly("a/kafka[StatefulSet]");
    Inventory inventory = load("statefulset.yaml", "statefulset-pods.yaml", "kafka-all.yaml");
    assertThat(groups(inventory)).containsExactly("a/kafka[StatefulSet]");
    // the controller's own template stands for the group
    assertThat(WorkloadGroups.workloads(inventory).get("a/kafka[StatefulSet]").object().kind())
        .isEqualTo("StatefulSet");
  }

  @Test
  void foldsReplicaSetPodsIntoTheirDeploymentByTheTemplateHash() throws IOException {
    Inventory inventory = load("deployment.yaml", "deployment-pods.yaml");
    assertThat(groups(inventory)).containsExactly("a/web[Deployment]");
    assertThat(findings(new WorkloadNotSelectedByAnyPolicy(), inventory)).isEmpty();
    assertThat(findings(new CloudMetadataReachable(), inventory)).hasSize(1);
  }

  @Test
  void foldsReplicaSetPodsIntoTheirDeploymentThroughTheReplicaSet() throws IOException {
    assertThat(groups(load("replicaset.yaml", "deployment-pods.yaml")))
        .containsExactly("a/web[Deployment]");
    assertThat(groups(load("deployment.yaml", "replicaset.yaml", "deployment-pods.yaml")))
        .containsExactly("a/web[Deployment]");
  }

  @Test
  void keepsTheReplicaSetWhenNeitherItNorItsDeploymentIsInTheInput() throws IOException {
    assertThat(groups(load("deployment-pods.yaml"))).containsExactly("a/web-5d9f7c8b4[ReplicaSet]");
  }

  @Test
  void foldsJobsIntoTheirCronJob() throws IOException {
    assertThat(groups(load("cronjob.yaml", "job.yaml", "job-pod.yaml")))
        .containsExactly("a/backup[CronJob]");
    // the Job's pods and the CronJob, without the Job: by the Job's name
    assertThat(groups(load("cronjob.yaml", "job-pod.yaml"))).containsExactly("a/backup[CronJob]");
    // the Job's own controller reference
    assertThat(groups(load("job.yaml", "job-pod.yaml"))).containsExactly("a/backup[CronJob]");
    assertThat(groups(load("job-pod.yaml"))).containsExactly("a/backup-28871940[Job]");
  }

  @Test
  void generatesOnePolicyForADeploymentAndItsPods() throws IOException {
    Inventory inventory = load("deployment.yaml", "deployment-pods.yaml");
    Connectivity c = Connectivity.of(inventory);
    FlowReader.Result flows =
        FlowReader.read(
            "flows.csv", "src,dst,ports\n0.0.0.0/0,a/web[Deployment],8080/TCP\n", c.groups());
    assertThat(flows.problems()).isEmpty();
    PolicyGenerator.Result result =
        PolicyGenerator.generate(inventory, flows.flows(), Optional.empty());
    assertThat(result.problems()).isEmpty();
    assertThat(result.files().get("a"))
        .containsOnlyOnce("name: web-ingress")
        .doesNotContain("pod-template-hash");
    Connectivity applied = PolicyGeneratorTest.applied(inventory, result);
    assertThat(
            applied.allowed(
                IpRange.parseCidr("203.0.113.7/32").orElseThrow(),
                applied.group("a/web[Deployment]").orElseThrow()))
        .hasToString("TCP 8080");
  }
}
