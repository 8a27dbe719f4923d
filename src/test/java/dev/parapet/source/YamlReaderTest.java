package dev.parapet.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
  private static final YamlReader READER = new YamlReader(Limits.DEFAULT);

  static ParsedFile read(String file, String text) {
    return READER.read(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static MapNode root(ParsedFile f, int doc) {
    return (MapNode) f.documents().get(doc).root();
  }

  /** Follows a JSON Pointer from a root, for readable assertions. */
  static Node at(Node root, String pointer) {
    Node n = root;
    for (String part : pointer.substring(1).split("/", -1)) {
      String key = part.replace("~1", "/").replace("~0", "~");
      n =
          n instanceof MapNode m
              ? m.get(key).orElseThrow(() -> new AssertionError("no " + key + " in " + pointer))
              : ((SeqNode) n).get(Integer.parseInt(key));
    }
    return n;
  }

  static String str(Node root, String pointer) {
    return ((ScalarNode) at(root, pointer)).value();
  }

  static List<String> messages(ParsedFile f) {
    return f.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void reportsSyntaxErrorAsFileLineColumnAndKeepsOtherDocuments() {
    ParsedFile f =
        read(
            "deploy/app.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: first
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: second
                labels: {}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: third
            """);

    assertThat(messages(f))
        .containsExactly(
            "deploy/app.yaml:10:11: cannot parse YAML: mapping values are not allowed here");
    assertThat(f.problems().get(0).level()).isEqualTo(Problem.Level.ERROR);
    assertThat(f.documents()).hasSize(2);
    assertThat(str(root(f, 0), "/metadata/name")).isEqualTo("first");
    assertThat(str(root(f, 1), "/metadata/name")).isEqualTo("third");
    // the third document is still the third of the file, and its positions are the file's
    assertThat(f.documents().get(1).index()).isEqualTo(2);
    assertThat(at(root(f, 1), "/metadata/name").line()).isEqualTo(15);
    assertThat(at(root(f, 1), "/metadata/name").column()).isEqualTo(9);
  }

  @Test
  void reportsUnclosedFlowSequenceWithItsPosition() {
    ParsedFile f =
        read(
            "pod.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
              - name: app
                args: [--port, "8080"
                image: nginx
            """);

    assertThat(f.documents()).isEmpty();
    assertThat(messages(f))
        .containsExactly(
            "pod.yaml:9:5: cannot parse YAML: while parsing a flow sequence: expected ',' or ']',"
                + " but got <scalar>");
  }

  @Test
  void keepsPositionsOfEveryNodeOneBased() {
    ParsedFile f =
        read(
            "pod.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
              - name: app
                image: nginx:1.27
                securityContext:
                  privileged: true
            """);

    MapNode root = root(f, 0);
    Node privileged = at(root, "/spec/containers/0/securityContext/privileged");
    assertThat(privileged.line()).isEqualTo(10);
    assertThat(privileged.column()).isEqualTo(19);
    assertThat(privileged.pointer()).isEqualTo("/spec/containers/0/securityContext/privileged");
    MapNode container = (MapNode) at(root, "/spec/containers/0");
    assertThat(container.line()).isEqualTo(7);
    assertThat(container.column()).isEqualTo(5);
    assertThat(container.keyLine(container.indexOf("image"))).isEqualTo(8);
    assertThat(container.keyColumn(container.indexOf("image"))).isEqualTo(5);
    assertThat(root.pointer()).isEmpty();
  }

  @Test
  void escapesTildeAndSlashInPointers() {
    ParsedFile f =
        read(
            "pod.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              annotations:
                container.apparmor.security.beta.kubernetes.io/app: unconfined
                example.com/a~b: "1"
            """);

    MapNode root = root(f, 0);
    MapNode annotations = (MapNode) at(root, "/metadata/annotations");
    Node apparmor = annotations.get("container.apparmor.security.beta.kubernetes.io/app").get();
    assertThat(apparmor.pointer())
        .isEqualTo("/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app");
    assertThat(apparmor.line()).isEqualTo(6);
    assertThat(annotations.get("example.com/a~b").get().pointer())
        .isEqualTo("/metadata/annotations/example.com~1a~0b");
    assertThat(Node.escape("~/")).isEqualTo("~0~1");
    assertThat(Node.escape("a~1")).isEqualTo("a~01");
  }

  @Test
  void readsMultiDocumentFilesWithPositionsRelativeToTheFile() {
    ParsedFile f =
        read(
            "all.yaml",
            """
            # leading comment
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: cart
              namespace: shop
            ...
            """);

    assertThat(f.problems()).isEmpty();
    List<Document> docs = f.documents();
    assertThat(docs).hasSize(3);
    assertThat(docs.get(1).root()).isInstanceOf(ScalarNode.class);
    assertThat(((ScalarNode) docs.get(1).root()).isNull()).isTrue();
    assertThat(docs.stream().map(Document::index)).containsExactly(0, 1, 2);
    assertThat(at(docs.get(2).root(), "/metadata/namespace").line()).isEqualTo(13);
    assertThat(at(docs.get(2).root(), "/metadata/namespace").column()).isEqualTo(14);
  }

  @Test
  void startsANewDocumentAfterAnEndMarkerSoItsDirectivesStayWithIt() {
    ParsedFile f =
        read(
            "directives.yaml",
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ...
            %YAML 1.2
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: cart
              namespace: shop
            ...
            # trailing comment
            """);

    assertThat(messages(f)).isEmpty();
    List<Document> docs = f.documents();
    assertThat(docs).hasSize(2);
    assertThat(docs.stream().map(Document::index)).containsExactly(0, 1);
    assertThat(str(docs.get(1).root(), "/kind")).isEqualTo("ServiceAccount");
    assertThat(at(docs.get(1).root(), "/metadata/namespace").line()).isEqualTo(12);
  }

  @Test
  void readsJson() {
    ParsedFile f =
        read(
            "pod.json",
            """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "web", "labels": {"app": "web"}},
              "spec": {
                "hostNetwork": true,
                "containers": [
                  {"name": "app", "image": "nginx", "ports": [{"containerPort": 80}]}
                ]
              }
            }
            """);

    assertThat(f.problems()).isEmpty();
    MapNode root = root(f, 0);
    ScalarNode host = (ScalarNode) at(root, "/spec/hostNetwork");
    assertThat(host.isTrue()).isTrue();
    assertThat(host.line()).isEqualTo(6);
    assertThat(host.column()).isEqualTo(20);
    ScalarNode port = (ScalarNode) at(root, "/spec/containers/0/ports/0/containerPort");
    assertThat(port.asLong()).contains(80L);
    assertThat(port.line()).isEqualTo(8);
    assertThat(port.pointer()).isEqualTo("/spec/containers/0/ports/0/containerPort");
    // a quoted JSON string is a string even when it reads as a YAML 1.1 boolean
    assertThat(read("x.json", "{\"a\": \"yes\"}").documents().get(0).root())
        .satisfies(
            r -> assertThat(((ScalarNode) at(r, "/a")).type()).isEqualTo(ScalarNode.Type.STRING));
  }

  @Test
  void readsJsonIndentedWithTabs() {
    ParsedFile f =
        read("pod.json", "{\n\t\"kind\": \"Pod\",\n\t\"spec\": {\n\t\t\"hostPID\": true\n\t}\n}\n");

    assertThat(f.problems()).isEmpty();
    Node hostPid = at(root(f, 0), "/spec/hostPID");
    assertThat(hostPid.line()).isEqualTo(4);
    assertThat(hostPid.column()).isEqualTo(14);
  }

  @Test
  void keepsHelmSourceCommentPerDocument() {
    ParsedFile f =
        read(
            "rendered.yaml",
            """
            ---
            # Source: shop/templates/serviceaccount.yaml
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: shop
            ---
            # Source: shop/templates/notes.yaml
            # rendered to nothing but this comment
            ---
            # Source: shop/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop
            """);

    assertThat(f.problems()).isEmpty();
    assertThat(f.documents()).hasSize(3);
    assertThat(f.documents().stream().map(Document::helmSource))
        .containsExactly(
            "shop/templates/serviceaccount.yaml",
            "shop/templates/notes.yaml",
            "shop/templates/deployment.yaml");
    assertThat(at(root(f, 2), "/kind").line()).isEqualTo(13);
  }

  @Test
  void readsKustomizeOutputWithoutLeadingMarker() {
    ParsedFile f =
        read(
            "kustomized.yaml",
            """
            apiVersion: v1
            kind: Service
            metadata:
              labels:
                app.kubernetes.io/name: shop
              name: prod-shop
              namespace: prod
            spec:
              ports:
              - port: 80
                targetPort: http
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: prod-shop
              namespace: prod
            """);

    assertThat(f.problems()).isEmpty();
    assertThat(f.documents()).hasSize(2);
    assertThat(f.documents().get(0).helmSource()).isNull();
    assertThat(at(root(f, 0), "/spec/ports/0/targetPort").line()).isEqualTo(11);
    assertThat(at(root(f, 1), "/metadata/name").line()).isEqualTo(16);
  }

  @Test
  void skipsBinaryFileWithWarning() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};
    ParsedFile f = READER.read("logo.yaml", png);

    assertThat(f.documents()).isEmpty();
    assertThat(messages(f)).containsExactly("logo.yaml: warning: binary file skipped");
    assertThat(f.problems().get(0).level()).isEqualTo(Problem.Level.WARNING);
  }

  @Test
  void skipsNonUtf8FileWithWarningNamingTheByteOffset() {
    byte[] latin1 =
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  greeting: caf\u00e9\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    ParsedFile f = READER.read("latin1.yaml", latin1);

    assertThat(f.documents()).isEmpty();
    assertThat(messages(f))
        .containsExactly(
            "latin1.yaml: warning: not valid UTF-8 (malformed byte sequence at byte offset 52);"
                + " skipped");
    assertThat(latin1[52] & 0xff).isEqualTo(0xe9);
  }

  @Test
  void acceptsUtf8ByteOrderMark() {
    byte[] text =
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf\u00e9\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] bom = new byte[text.length + 3];
    bom[0] = (byte) 0xef;
    bom[1] = (byte) 0xbb;
    bom[2] = (byte) 0xbf;
    System.arraycopy(text, 0, bom, 3, text.length);
    ParsedFile f = READER.read("ns.yaml", bom);

    assertThat(f.problems()).isEmpty();
    MapNode root = root(f, 0);
    assertThat(str(root, "/apiVersion")).isEqualTo("v1");
    assertThat(at(root, "/apiVersion").line()).isEqualTo(1);
    assertThat(at(root, "/apiVersion").column()).isEqualTo(13);
    assertThat(str(root, "/metadata/name")).isEqualTo("café");
  }

  @Test
  void reportsDuplicateKeysWithBothLinesAndKeepsTheLastValue() {
    ParsedFile f =
        read(
            "pod.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              hostNetwork: false
              containers: []
              hostNetwork: true
            """);

    assertThat(messages(f))
        .containsExactly(
            "pod.yaml:8:3: duplicate key \"hostNetwork\" (first at line 6); the later value is"
                + " used, as in Kubernetes");
    MapNode spec = (MapNode) at(root(f, 0), "/spec");
    assertThat(spec.keys()).containsExactly("hostNetwork", "containers");
    assertThat(spec.bool("hostNetwork")).contains(true);
    assertThat(spec.keyLine(0)).isEqualTo(8);
    assertThat(spec.get("hostNetwork").get().line()).isEqualTo(8);
    assertThat(spec.get("hostNetwork").get().pointer()).isEqualTo("/spec/hostNetwork");
  }

  @Test
  void resolvesMergeKeysWithExplicitKeysWinning() {
    ParsedFile f =
        read(
            "pods.yaml",
            """
            base: &base
              runAsNonRoot: true
              runAsUser: 1000
              privileged: false
            extra: &extra
              privileged: true
              readOnlyRootFilesystem: true
            alias:
              runAsUser: 0
              <<: *base
            list:
              <<: [*extra, *base]
              runAsUser: 2000
            inline:
              <<: {runAsUser: 3000, allowPrivilegeEscalation: false}
              runAsNonRoot: false
            """);

    assertThat(f.problems()).isEmpty();
    MapNode root = root(f, 0);
    MapNode alias = (MapNode) at(root, "/alias");
    assertThat(alias.keys()).containsExactly("runAsUser", "runAsNonRoot", "privileged");
    assertThat(alias.integer("runAsUser")).contains(0L);
    assertThat(alias.bool("runAsNonRoot")).contains(true);
    assertThat(alias.get("privileged").get().pointer()).isEqualTo("/alias/privileged");

    MapNode list = (MapNode) at(root, "/list");
    // earlier maps of a merge list win over later ones; explicit keys win over all
    assertThat(list.bool("privileged")).contains(true);
    assertThat(list.bool("readOnlyRootFilesystem")).contains(true);
    assertThat(list.bool("runAsNonRoot")).contains(true);
    assertThat(list.integer("runAsUser")).contains(2000L);

    MapNode inline = (MapNode) at(root, "/inline");
    assertThat(inline.integer("runAsUser")).contains(3000L);
    assertThat(inline.bool("allowPrivilegeEscalation")).contains(false);
    assertThat(inline.bool("runAsNonRoot")).contains(false);
  }

  @Test
  void resolvesAliasesToCopiesWithTheirOwnPointers() {
    ParsedFile f =
        read(
            "pods.yaml",
            """
            sc: &sc
              capabilities:
                add: [NET_ADMIN]
            containers:
            - securityContext: *sc
            - securityContext: *sc
            """);

    MapNode root = root(f, 0);
    Node second = at(root, "/containers/1/securityContext/capabilities/add/0");
    assertThat(((ScalarNode) second).value()).isEqualTo("NET_ADMIN");
    assertThat(second.pointer()).isEqualTo("/containers/1/securityContext/capabilities/add/0");
    assertThat(second.line()).isEqualTo(3);
  }

  @Test
  void stopsBillionLaughsWithClearError() {
    StringBuilder sb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ", ").append('*').append(p);
      }
      sb.append("]\n");
    }
    sb.append("---\nkind: Other\n");
    ParsedFile f = read("lol.yaml", sb.toString());

    assertThat(messages(f))
        .containsExactly(
            "lol.yaml:6:8: alias expansion exceeds 100000 nodes (a billion-laughs document?);"
                + " document skipped");
    assertThat(f.documents()).hasSize(1);
    assertThat(str(root(f, 0), "/kind")).isEqualTo("Other");
  }

  @Test
  void resolvesAliasOfAnAnchoredKey() {
    ParsedFile f = read("k.yaml", "labels:\n  &k app: web\nselector:\n  *k : web\n");

    assertThat(f.problems()).isEmpty();
    MapNode selector = (MapNode) at(root(f, 0), "/selector");
    assertThat(selector.keys()).containsExactly("app");
    assertThat(selector.keyLine(0)).isEqualTo(4);
    assertThat(selector.keyColumn(0)).isEqualTo(3);
  }

  @Test
  void rejectsRecursiveAlias() {
    ParsedFile f = read("r.yaml", "a: &a\n  b: *a\n");

    assertThat(messages(f))
        .containsExactly(
            "r.yaml:2:6: alias *a refers to a node that contains it; document skipped");
  }

  @Test
  void boundsFlowNestingWithoutStackOverflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    ParsedFile f = read("deep.yaml", deep + "---\nkind: After\n");

    assertThat(messages(f))
        .containsExactly("deep.yaml:1:201: nesting deeper than 200 levels; document skipped");
    assertThat(str(root(f, 0), "/kind")).isEqualTo("After");
  }

  @Test
  void boundsBlockNestingWithoutStackOverflow() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      sb.append(" ".repeat(i)).append("k").append(i).append(":\n");
    }
    ParsedFile f = read("deep.yaml", sb.toString());

    assertThat(messages(f))
        .containsExactly("deep.yaml:201:201: nesting deeper than 200 levels; document skipped");
  }

  @Test
  void appliesConfiguredDepthLimit() {
    YamlReader reader = new YamlReader(new Limits(1 << 20, 1 << 20, 3, 10));
    ParsedFile ok = reader.read("a.yaml", "a:\n  b:\n    c: 1\n".getBytes(StandardCharsets.UTF_8));
    ParsedFile deep =
        reader.read("a.yaml", "a:\n  b:\n    c:\n      d: 1\n".getBytes(StandardCharsets.UTF_8));

    assertThat(ok.problems()).isEmpty();
    assertThat(messages(deep))
        .containsExactly("a.yaml:4:7: nesting deeper than 3 levels; document skipped");
  }

  @Test
  void skipsDocumentOverSizeLimitAndReadsTheOthers() {
    YamlReader reader = new YamlReader(new Limits(1 << 20, 64, 200, 1000));
    String big = "kind: Big\ndata:\n  blob: " + "x".repeat(100) + "\n";
    ParsedFile f =
        reader.read(
            "big.yaml",
            ("kind: Small\n---\n" + big + "---\nkind: Last\n").getBytes(StandardCharsets.UTF_8));

    assertThat(messages(f))
        .containsExactly(
            "big.yaml:2:1: document of 129 characters exceeds the limit of 64"
                + " (--max-document-size); skipped");
    assertThat(f.documents()).hasSize(2);
    assertThat(str(root(f, 1), "/kind")).isEqualTo("Last");
    assertThat(f.documents().get(1).index()).isEqualTo(2);
  }

  @Test
  void skipsFileOverSizeLimit() {
    YamlReader reader = new YamlReader(new Limits(10, 10, 200, 1000));
    ParsedFile f = reader.read("big.yaml", "kind: Pod\n---\n".getBytes(StandardCharsets.UTF_8));

    assertThat(f.documents()).isEmpty();
    assertThat(messages(f))
        .containsExactly(
            "big.yaml: file of 14 bytes exceeds the limit of 10 bytes (--max-file-size); skipped");
  }

  @Test
  void resolvesYaml11BooleansAsKubernetesDoes() {
    ParsedFile f =
        read(
            "pod.yaml",
            """
            privileged: yes
            hostPID: on
            hostIPC: Y
            hostNetwork: off
            readOnly: NO
            quoted: "yes"
            single: 'on'
            tagged: !!str true
            forced: !!bool "yes"
            block: |
              true
            word: yess
            port: 0x1F
            octal: 0755
            version: 1.10
            nothing: ~
            """);

    MapNode root = root(f, 0);
    assertThat(root.bool("privileged")).contains(true);
    assertThat(root.bool("hostPID")).contains(true);
    assertThat(root.bool("hostIPC")).contains(true);
    assertThat(root.bool("hostNetwork")).contains(false);
    assertThat(root.bool("readOnly")).contains(false);
    assertThat(root.bool("quoted")).isEmpty();
    assertThat(root.string("quoted")).contains("yes");
    assertThat(root.bool("single")).isEmpty();
    assertThat(root.bool("tagged")).isEmpty();
    assertThat(root.bool("forced")).contains(true);
    assertThat(root.bool("block")).isEmpty();
    assertThat(root.bool("word")).isEmpty();
    assertThat(root.integer("port")).contains(31L);
    assertThat(root.integer("octal")).contains(493L);
    assertThat(root.scalar("version").get().type()).isEqualTo(ScalarNode.Type.FLOAT);
    assertThat(root.string("version")).contains("1.10");
    assertThat(root.scalar("nothing").get().isNull()).isTrue();
    assertThat(root.string("nothing")).isEmpty();
  }

  @Test
  void dropsManagedFieldsOfObjectsAndListItems() {
    ParsedFile f =
        read(
            "dump.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata:
              managedFields:
              - apiVersion: v1
                fieldsType: FieldsV1
                fieldsV1:
                  f:metadata:
                    f:labels: {}
                manager: kubectl
              name: web
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                managedFields:
                - manager: kube-controller-manager
                name: cm
            """);

    assertThat(f.problems()).isEmpty();
    MapNode pod = (MapNode) at(root(f, 0), "/metadata");
    assertThat(pod.keys()).containsExactly("name");
    assertThat(pod.keyLine(0)).isEqualTo(11);
    MapNode item = (MapNode) at(root(f, 1), "/items/0/metadata");
    assertThat(item.keys()).containsExactly("name");
    assertThat(item.get("name").get().pointer()).isEqualTo("/items/0/metadata/name");
  }

  @Test
  void reportsNonScalarKey() {
    ParsedFile f = read("k.yaml", "? [a, b]\n: c\n");

    assertThat(messages(f))
        .containsExactly("k.yaml:1:3: a mapping key must be a scalar; document skipped");
  }

  @Test
  void reportsUnknownAlias() {
    ParsedFile f = read("k.yaml", "a: *nope\n");

    assertThat(messages(f)).containsExactly("k.yaml:1:4: unknown alias *nope; document skipped");
  }

  @Test
  void keepsLinesOfWindowsLineEndings() {
    ParsedFile f = read("crlf.yaml", "kind: A\r\n---\r\nkind: B\r\nname: b\r\n");

    assertThat(f.problems()).isEmpty();
    assertThat(f.documents()).hasSize(2);
    assertThat(at(root(f, 1), "/name").line()).isEqualTo(4);
    assertThat(str(root(f, 1), "/name")).isEqualTo("b");
  }
}
