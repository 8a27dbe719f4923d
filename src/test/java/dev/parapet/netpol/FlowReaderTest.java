package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flows files: the matrix CSV and the YAML or JSON list, with errors at their line. */
class FlowReaderTest {
  private static final List<PodGroup> GROUPS =
      Connectivity.of(PolicyGeneratorTest.load("src/test/resources/netpol-generate/shop")).groups();

  private static FlowReader.Result read(String file, String text) {
    return FlowReader.read(file, text, GROUPS);
  }

  private static List<String> described(FlowReader.Result r) {
    return r.flows().stream().map(Flow::describe).toList();
  }

  @Test
  void readsTheCsvThatTheMatrixWrites() {
    FlowReader.Result r =
        read(
            "m.csv",
            "src,dst,ports\r\n"
                + "0.0.0.0-255.255.255.255[External],shop/web[Deployment],all\r\n"
                + "shop/api[Deployment],data/statsd[DaemonSet],\"TCP 80,443,UDP 8125\"\r\n"
                + "shop/worker[Deployment],data/redis[Deployment],TCP 6379-6380\r\n");
    assertThat(r.problems()).isEmpty();
    assertThat(described(r))
        .containsExactly(
            "0.0.0.0-255.255.255.255[External] -> shop/web[Deployment] all ports",
            "shop/api[Deployment] -> data/statsd[DaemonSet] 80/TCP,443/TCP,8125/UDP",
            "shop/worker[Deployment] -> data/redis[Deployment] 6379-6380/TCP");
    assertThat(r.flows().get(0).origin()).isEqualTo("m.csv:2");
  }

  @Test
  void csvIsRecognisedByItsHeaderAndTakesComments() {
    FlowReader.Result r =
        read("flows.txt", "# captured on Monday\nsrc,dst,ports\nshop/web,shop/api,8000\n");
    assertThat(r.problems()).isEmpty();
    assertThat(described(r))
        .containsExactly("shop/web[Deployment] -> shop/api[Deployment] 8000/TCP");
  }

  @Test
  void aByteOrderMarkBeforeTheHeaderIsIgnored() {
    // Excel saves "CSV UTF-8" with a byte order mark, and without a .csv name the header decides
    FlowReader.Result r =
        read("flows.txt", "\uFEFFsrc,dst,ports\r\nshop/web[Deployment],shop/api,TCP 8000\r\n");
    assertThat(r.problems()).isEmpty();
    assertThat(described(r))
        .containsExactly("shop/web[Deployment] -> shop/api[Deployment] 8000/TCP");
  }

  @Test
  void theMatrixIngressControllerIsSkippedWithAWarning() {
    // netpol matrix -o csv prints traffic entering through an Ingress as {ingress-controller}
    FlowReader.Result r =
        read(
            "m.csv",
            "src,dst,ports\n"
                + "shop/web[Deployment],shop/api[Deployment],TCP 8000\n"
                + "{ingress-controller},shop/web[Deployment],TCP 8080\n");
    assertThat(described(r))
        .containsExactly("shop/web[Deployment] -> shop/api[Deployment] 8000/TCP");
    assertThat(r.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.level()).isEqualTo(dev.parapet.source.Problem.Level.WARNING);
              assertThat(p.line()).isEqualTo(3);
              assertThat(p.message())
                  .startsWith(
                      "flows: {ingress-controller} stands for the cluster's ingress controller,"
                          + " which the input does not identify; flow {ingress-controller} ->"
                          + " shop/web[Deployment] skipped");
            });
  }

  @Test
  void readsTheYamlList() {
    FlowReader.Result r =
        read(
            "f.yaml",
            """
            - from: shop/api
              to: data/postgres[StatefulSet]
              ports: [5432]
            - src: shop/api
              dst: data/statsd
              port: 8125
              protocol: UDP
            - from: shop/web
              to: shop/api
              ports:
              - {port: http, protocol: TCP}
              - 9090/tcp
            - from: shop/worker
              to: 169.254.169.254
            """);
    assertThat(r.problems()).isEmpty();
    assertThat(described(r))
        .containsExactly(
            "shop/api[Deployment] -> data/postgres[StatefulSet] 5432/TCP",
            "shop/api[Deployment] -> data/statsd[DaemonSet] 8125/UDP",
            "shop/web[Deployment] -> shop/api[Deployment] http/TCP,9090/TCP",
            "shop/worker[Deployment] -> 169.254.169.254-169.254.169.254[External] all ports");
    assertThat(r.flows().get(2).origin()).isEqualTo("f.yaml:8");
  }

  @Test
  void readsJson() {
    FlowReader.Result r =
        read(
            "f.json",
            "{\"flows\": [{\"from\": \"shop/api\", \"to\": \"0.0.0.0/0\", \"ports\": \"443/TCP\"}]}");
    assertThat(r.problems()).isEmpty();
    assertThat(described(r))
        .containsExactly("shop/api[Deployment] -> 0.0.0.0-255.255.255.255[External] 443/TCP");
  }

  @Test
  void badEntriesAreErrorsAtTheirLineAndTheOthersAreRead() {
    FlowReader.Result r =
        read(
            "f.csv",
            String.join(
                "\n",
                "src,dst,ports",
                "shop/web,shop/api,8000",
                "shop/nope,shop/api,8000",
                "shop/web,shop/api,70000",
                "shop/web,shop/api,8000/ICMP",
                "shop/web,shop/api,htp",
                "shop/web,10.0.0.0/33,443",
                "10.0.0.0/8,0.0.0.0/0,443",
                "shop/web,10.0.0.0/8,http",
                "shop/web,shop/api",
                "shop/web,shop/api,\"8000"));
    assertThat(described(r))
        .containsExactly("shop/web[Deployment] -> shop/api[Deployment] 8000/TCP");
    assertThat(r.problems())
        .extracting(Object::toString)
        .containsExactly(
            "f.csv:3: flows: unknown workload shop/nope; flow skipped",
            "f.csv:4: flows: port 70000 is not a port or range within 1-65535; flow skipped",
            "f.csv:5: flows: unknown protocol in port 8000/ICMP (expected TCP, UDP or SCTP); flow"
                + " skipped",
            "f.csv:6: flows: port name htp/TCP is not a container port of shop/api[Deployment];"
                + " flow skipped",
            "f.csv:7: flows: cannot read address block 10.0.0.0/33; flow skipped",
            "f.csv:8: flows: neither 10.0.0.0/8 nor 0.0.0.0/0 is a workload; flow skipped",
            "f.csv:9: flows: port name http/TCP needs a workload as destination; flow skipped",
            "f.csv:10: flows: expected src,dst,ports; flow skipped",
            "f.csv:11: flows: expected src,dst,ports with quotes closed on the line; flow skipped");
  }

  @Test
  void anAmbiguousNameAsksForTheKind() {
    Inventory inventory =
        Inventory.build(
            List.of(
                new dev.parapet.source.YamlReader(dev.parapet.source.Limits.DEFAULT)
                    .read(
                        "x.yaml",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: x, namespace: a}
                        spec: {template: {metadata: {labels: {app: x}}, spec: {containers: [{name: c}]}}}
                        ---
                        apiVersion: apps/v1
                        kind: StatefulSet
                        metadata: {name: x, namespace: a}
                        spec: {template: {metadata: {labels: {app: y}}, spec: {containers: [{name: c}]}}}
                        """
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    List<PodGroup> groups = Connectivity.of(inventory).groups();
    FlowReader.Result r =
        FlowReader.read("f.csv", "src,dst,ports\na/x,a/x[StatefulSet],80\n", groups);
    assertThat(r.problems())
        .extracting(Object::toString)
        .containsExactly(
            "f.csv:2: flows: a/x is ambiguous: a/x[Deployment], a/x[StatefulSet]; name one as"
                + " namespace/name[Kind]; flow skipped");
  }

  @Test
  void badYamlIsAnErrorWithItsPosition() {
    FlowReader.Result r = read("f.yaml", "flows: [\n");
    assertThat(r.flows()).isEmpty();
    assertThat(r.problems()).singleElement().matches(p -> p.toString().startsWith("f.yaml:"));
    FlowReader.Result notAList = read("g.yaml", "from: shop/web\n");
    assertThat(notAList.problems())
        .extracting(Object::toString)
        .containsExactly(
            "g.yaml:1: flows: expected a list of flows, or a mapping with a flows list");
  }
}
