package dev.parapet.bench;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers what a benchmark run judges from what the user gave: the control-plane and kube-proxy
 * pods of the scanned files, component command lines from a process list or {@code /proc}, the
 * node's files under {@code --root}, the component configuration files among the scanned files, and
 * CoreDNS's ConfigMap. Each component instance gets the files its flags name ({@code
 * --encryption-provider-config}, {@code --audit-policy-file}, {@code
 * --admission-control-config-file}, a kubelet's or kube-proxy's {@code --config}), found as the
 * component would find them:
 *
 * <ul>
 *   <li>for a pod, the path is the container's: it is followed through the container's volume
 *       mounts to a hostPath on the node (read under {@code --root}, or matched among the scanned
 *       files) or to a ConfigMap key of the input (kube-proxy's {@code config.conf});
 *   <li>for a process, the path is the node's.
 * </ul>
 *
 * <p>A scanned configuration file matches a path when its file name ends with that path; failing
 * that, the only file of the expected kind in the input is used, and the evidence says so.
 */
public final class BenchInputs {
  private BenchInputs() {}

  /**
   * The key of a kubelet's {@code --config-dir} in {@link Instance#files}: the directory itself
   * (found or not), and {@code config-dir/NAME} for each drop-in file read, in name order.
   */
  public static final String CONFIG_DIR = "config-dir";

  /**
   * The prefix of a key in {@link Instance#files} holding, for a pod, where the directory or file a
   * flag names is on the node ({@code node-path:data-dir}).
   */
  public static final String NODE_PATH = "node-path:";

  /** Flags naming node paths that file entries judge ({@code path-flag}). */
  private static final Map<Component, List<String>> NODE_PATH_FLAGS =
      Map.of(Component.ETCD, List.of("data-dir"));

  /** Where the kubelet writes its configuration under kubeadm, for a kubelet not otherwise seen. */
  static final String KUBEADM_KUBELET_CONFIG = "/var/lib/kubelet/config.yaml";

  /** What a benchmark run reads. */
  public record Gathered(
      List<Instance> instances, Optional<NodeFiles> root, List<Problem> problems) {
    public Gathered {
      instances = List.copyOf(instances);
      problems = List.copyOf(problems);
    }

    /** Instances only: no node files. */
    public static Gathered of(List<Instance> instances) {
      return new Gathered(instances, Optional.empty(), List.of());
    }
  }

  /** The kind a file named by a flag must be, with its API versions. */
  private record Expected(String kind, Set<String> apiVersions) {}

  private static final Expected EVENT_RATE_LIMIT =
      new Expected("Configuration", AdmissionConfig.EVENT_RATE_LIMIT_API_VERSIONS);

  private static final Map<Component, Map<String, Expected>> FILE_FLAGS =
      Map.of(
          Component.APISERVER,
          orderedMap(
              "encryption-provider-config",
              new Expected("EncryptionConfiguration", EncryptionConfig.API_VERSIONS),
              "audit-policy-file",
              new Expected("Policy", AuditPolicy.API_VERSIONS),
              "admission-control-config-file",
              new Expected("AdmissionConfiguration", AdmissionConfig.API_VERSIONS)),
          Component.KUBELET,
          Map.of("config", new Expected("KubeletConfiguration", KubeletSettings.API_VERSIONS)),
          Component.PROXY,
          Map.of("config", new Expected("KubeProxyConfiguration", ProxySettings.API_VERSIONS)));

  private static Map<String, Expected> orderedMap(
      String k1, Expected v1, String k2, Expected v2, String k3, Expected v3) {
    Map<String, Expected> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    m.put(k3, v3);
    return m;
  }

  /**
   * Gathers the instances.
   *
   * @param inventory the scanned files
   * @param root the node's files, when {@code --root} was given
   * @param processes command lines from process lists and {@code /proc}
   */
  public static Gathered gather(
      Inventory inventory,
      Optional<NodeFiles> root,
      List<ComponentSettings> processes,
      Defaults defaults) {
    List<Problem> problems = new ArrayList<>();
    StaticPods.Found pods = StaticPods.of(inventory, defaults);
    problems.addAll(pods.problems());
    Finder finder = new Finder(inventory, root, problems);
    List<Instance> out = new ArrayList<>();
    for (int i = 0; i < pods.instances().size(); i++) {
      Instance instance = pods.instances().get(i);
      out.add(finder.attach(instance, Optional.of(pods.pods().get(i))));
    }
    for (ComponentSettings p : processes) {
      if (p.component() == Component.COREDNS) {
        continue;
      }
      out.add(finder.attach(new Instance(p, p.source(), Optional.empty()), Optional.empty()));
    }
    if (out.stream().noneMatch(i -> i.component() == Component.KUBELET) && root.isPresent()) {
      // no running kubelet given: its command line as systemd would start it
      KubeletUnit.Result unit = KubeletUnit.read(root.get());
      problems.addAll(unit.problems());
      unit.kubelet()
          .ifPresent(
              k ->
                  out.add(
                      finder.attach(
                          new Instance(
                              k, "kubelet (systemd unit, " + k.source() + ")", Optional.empty()),
                          Optional.empty())));
    }
    if (out.stream().noneMatch(i -> i.component() == Component.KUBELET)) {
      finder.kubeletFromConfigOnly().ifPresent(out::add);
    }
    for (K8sObject cm : inventory.ofKind("ConfigMap")) {
      if (cm.namespace().equals("kube-system") && cm.name().equals("coredns")) {
        out.add(coredns(cm, problems));
      }
    }
    return new Gathered(out, root, problems);
  }

  private static Instance coredns(K8sObject cm, List<Problem> problems) {
    Corefile.Result r = Corefile.fromConfigMap(cm);
    problems.addAll(r.problems());
    String name = cm.namespace() + "/" + cm.name();
    ComponentSettings settings =
        new ComponentSettings(Component.COREDNS, cm.file(), Optional.of(cm.location()), List.of());
    AttachedFile corefile =
        r.corefile()
            .map(
                c ->
                    new AttachedFile(
                        "Corefile",
                        "Corefile",
                        Optional.of("ConfigMap " + name + " (" + cm.file() + ")"),
                        c.facts(),
                        Optional.empty(),
                        "",
                        cm.root()
                            .map("data")
                            .flatMap(d -> d.get("Corefile"))
                            .map(v -> Location.of(cm, v))))
            .orElseGet(
                () ->
                    AttachedFile.missing(
                        "Corefile", "Corefile", "ConfigMap " + name + " has no readable Corefile"));
    return new Instance(settings, name, Optional.empty(), Map.of("Corefile", corefile));
  }

  /** Finds the files flags name. */
  private record Finder(Inventory inventory, Optional<NodeFiles> root, List<Problem> problems) {

    Instance attach(Instance instance, Optional<K8sObject> pod) {
      Map<String, Expected> flags = FILE_FLAGS.getOrDefault(instance.component(), Map.of());
      Map<String, AttachedFile> files = new LinkedHashMap<>();
      for (Map.Entry<String, Expected> e : flags.entrySet()) {
        Optional<Setting> flag = instance.settings().flag(e.getKey());
        if (flag.isEmpty() || flag.get().value().isBlank()) {
          continue;
        }
        AttachedFile f = find(e.getKey(), flag.get().value(), e.getValue(), pod);
        if (e.getKey().equals("admission-control-config-file") && f.config().isPresent()) {
          f =
              new AttachedFile(
                  f.key(),
                  f.path(),
                  f.readFrom(),
                  admissionFacts(f.config().get(), f.path(), pod),
                  f.config(),
                  f.note());
        }
        files.put(e.getKey(), f);
      }
      if (pod.isPresent()) {
        // a directory a flag names, for the file entries: the node's path behind the container's
        for (String flag : NODE_PATH_FLAGS.getOrDefault(instance.component(), List.of())) {
          instance
              .settings()
              .flag(flag)
              .map(Setting::value)
              .filter(v -> !v.isBlank())
              .ifPresent(v -> files.put(NODE_PATH + flag, nodePath(flag, v, pod.get())));
        }
      }
      if (instance.component() == Component.KUBELET) {
        instance
            .settings()
            .flag("config-dir")
            .map(Setting::value)
            .filter(v -> !v.isBlank())
            .ifPresent(dir -> files.putAll(dropIns(dir)));
      }
      return instance.withFiles(files);
    }

    /** Where a path a pod's flag names is on the node: through a hostPath mount, or nowhere. */
    AttachedFile nodePath(String flag, String path, K8sObject pod) {
      Optional<MapNode> container =
          pod.root()
              .map("spec")
              .flatMap(s -> s.seq("containers"))
              .filter(c -> c.length() > 0)
              .map(c -> c.get(0))
              .filter(MapNode.class::isInstance)
              .map(MapNode.class::cast);
      Optional<Mount> m = container.flatMap(c -> mountOf(pod, c, path));
      if (m.isPresent() && m.get().hostPath().isPresent()) {
        String host = m.get().hostPath().get();
        return new AttachedFile(
            NODE_PATH + flag,
            path,
            Optional.of(host),
            List.of(),
            Optional.empty(),
            host.equals(normalise(path)) ? "" : "hostPath " + host);
      }
      return AttachedFile.missing(
          NODE_PATH + flag, path, path + " is on no hostPath volume of the pod: not on the node");
    }

    /**
     * The kubelet's drop-in files: the {@code *.conf} files directly in {@code --config-dir}, read
     * under the node root in file name order (the kubelet merges them in that order).
     */
    Map<String, AttachedFile> dropIns(String dir) {
      Map<String, AttachedFile> out = new LinkedHashMap<>();
      if (root.isEmpty()) {
        out.put(
            CONFIG_DIR,
            AttachedFile.missing(
                CONFIG_DIR, dir, "the drop-ins in " + dir + " are read only with --root DIR"));
        return out;
      }
      String base = normalise(dir);
      out.put(
          CONFIG_DIR,
          new AttachedFile(
              CONFIG_DIR,
              dir,
              Optional.of(root.get().hostPath(base)),
              List.of(),
              Optional.empty(),
              ""));
      Expected expected = FILE_FLAGS.get(Component.KUBELET).get("config");
      List<NodeFiles.FileInfo> found =
          root.get().find(base, "*.conf", problems).stream()
              .filter(
                  f ->
                      f.path()
                          .equals(base + "/" + f.path().substring(f.path().lastIndexOf('/') + 1)))
              .filter(f -> !f.directory())
              .sorted(java.util.Comparator.comparing(NodeFiles.FileInfo::path))
              .toList();
      for (NodeFiles.FileInfo f : found) {
        String name = f.path().substring(f.path().lastIndexOf('/') + 1);
        out.put(CONFIG_DIR + "/" + name, onNode(CONFIG_DIR + "/" + name, f.path(), expected));
      }
      return out;
    }

    /** A kubelet known only from its configuration file: under --root, or among the inputs. */
    Optional<Instance> kubeletFromConfigOnly() {
      Expected expected = FILE_FLAGS.get(Component.KUBELET).get("config");
      AttachedFile file;
      if (root.isPresent()
          && root.get().stat(KUBEADM_KUBELET_CONFIG).exists()
          && !root.get().stat(KUBEADM_KUBELET_CONFIG).directory()) {
        file = onNode("config", KUBEADM_KUBELET_CONFIG, expected);
      } else {
        List<K8sObject> configs = ofKind(expected);
        if (configs.isEmpty()) {
          return Optional.empty();
        }
        file = read("config", configs.get(0).file(), expected, configs.get(0), "");
      }
      String source = file.readFrom().orElse(KUBEADM_KUBELET_CONFIG);
      ComponentSettings settings =
          new ComponentSettings(
              Component.KUBELET, source, file.config().map(c -> c.locationOf(c.root())), List.of());
      return Optional.of(
          new Instance(
              settings,
              "kubelet (" + source + "; its command line was not given)",
              Optional.empty(),
              Map.of("config", file)));
    }

    AttachedFile find(String key, String path, Expected expected, Optional<K8sObject> pod) {
      if (pod.isEmpty()) {
        return onNodeOrInputs(key, path, expected);
      }
      Optional<MapNode> container =
          pod.get()
              .root()
              .map("spec")
              .flatMap(s -> s.seq("containers"))
              .filter(c -> c.length() > 0)
              .map(c -> c.get(0))
              .filter(MapNode.class::isInstance)
              .map(MapNode.class::cast);
      Optional<Mount> mount = container.flatMap(c -> mountOf(pod.get(), c, path));
      if (mount.isEmpty()) {
        return AttachedFile.missing(
            key,
            path,
            path
                + " is on no volume of the pod: it would come from the container image, which"
                + " parapet does not read");
      }
      Mount m = mount.get();
      if (m.hostPath().isPresent()) {
        String host = m.hostPath().get();
        AttachedFile f = onNodeOrInputs(key, host, expected);
        String via = host.equals(normalise(path)) ? "" : "hostPath " + host;
        String note = f.note().isEmpty() ? via : via.isEmpty() ? f.note() : via + "; " + f.note();
        return new AttachedFile(f.key(), path, f.readFrom(), f.facts(), f.config(), note);
      }
      if (m.configMap().isPresent()) {
        String name = m.configMap().get();
        String dataKey = m.rest().contains("/") ? "" : m.rest();
        Optional<K8sObject> cm =
            inventory.ofKind("ConfigMap").stream()
                .filter(o -> o.namespace().equals(pod.get().namespace()))
                .filter(o -> o.name().equals(name))
                .findFirst();
        if (cm.isEmpty()) {
          return AttachedFile.missing(
              key,
              path,
              "ConfigMap " + pod.get().namespace() + "/" + name + " is not in the input");
        }
        Optional<Node> raw = cm.get().root().map("data").flatMap(d -> d.get(dataKey));
        Optional<ScalarNode> value =
            raw.filter(ScalarNode.class::isInstance)
                .map(ScalarNode.class::cast)
                .filter(v -> !v.isNull());
        if (value.isEmpty()) {
          return AttachedFile.missing(
              key,
              path,
              "ConfigMap "
                  + pod.get().namespace()
                  + "/"
                  + name
                  + (raw.isEmpty()
                      ? " has no key '" + dataKey + "'"
                      : "'s key '" + dataKey + "' is not a string"));
        }
        String shown = "ConfigMap " + pod.get().namespace() + "/" + name + " key " + dataKey;
        int keyLine = cm.get().root().map("data").map(d -> d.keyLine(d.indexOf(dataKey))).orElse(0);
        // a block scalar (config.conf: |) starts on the line after its key: padding the text with
        // that many empty lines makes every location a line of the ConfigMap's own file
        boolean block =
            value.get().value().contains("\n")
                && value.get().line() == keyLine
                && !cm.get().file().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        String text = (block ? "\n".repeat(keyLine) : "") + value.get().value();
        ConfigFile.Read r =
            ConfigFile.read(
                cm.get().file(),
                text.getBytes(StandardCharsets.UTF_8),
                expected.kind(),
                expected.apiVersions());
        AttachedFile f =
            readResult(
                key, path, expected, r, shown + " (" + cm.get().file() + ":" + keyLine + ")", "");
        return new AttachedFile(
            f.key(),
            f.path(),
            f.readFrom(),
            f.facts(),
            f.config(),
            f.note(),
            block ? Optional.of(Location.of(cm.get(), value.get())) : Optional.empty());
      }
      return AttachedFile.missing(
          key, path, path + " is on a " + m.type() + " volume, which parapet does not read");
    }

    AttachedFile onNodeOrInputs(String key, String path, Expected expected) {
      if (root.isPresent()) {
        return onNode(key, path, expected);
      }
      String want = normalise(path);
      List<K8sObject> configs = ofKind(expected);
      for (K8sObject o : configs) {
        String f = normalise(o.file().replace('\\', '/'));
        if (f.equals(want) || f.endsWith(want)) {
          return read(key, path, expected, o, "");
        }
      }
      if (configs.size() == 1) {
        return read(
            key,
            path,
            expected,
            configs.get(0),
            "the only "
                + expected.kind()
                + " in the input, taken for "
                + path
                + " though its file name differs");
      }
      return AttachedFile.missing(
          key,
          path,
          path
              + " is not in the input: give the node's files with --root DIR, or add the file"
              + " to the scanned paths");
    }

    AttachedFile onNode(String key, String path, Expected expected) {
      NodeFiles files = root.get();
      NodeFiles.FileInfo info = files.stat(path);
      if (!info.exists()) {
        return AttachedFile.missing(
            key,
            path,
            path
                + " does not exist under "
                + files.root()
                + info.problem().map(p -> ": " + p).orElse(""));
      }
      String shown = files.hostPath(path);
      NodeFiles.Content content = files.read(path, ConfigFile.MAX_BYTES);
      if (content.text().isEmpty()) {
        return AttachedFile.missing(
            key,
            path,
            shown + " could not be read" + content.problem().map(p -> ": " + p).orElse(""));
      }
      byte[] bytes = content.text().get().getBytes(StandardCharsets.UTF_8);
      ConfigFile.Read r = ConfigFile.read(shown, bytes, expected.kind(), expected.apiVersions());
      return readResult(key, path, expected, r, shown, "");
    }

    AttachedFile read(String key, String path, Expected expected, K8sObject o, String note) {
      if (!expected.apiVersions().contains(o.apiVersion())) {
        problems.add(
            Problem.error(
                o.file(),
                o.location().line(),
                o.location().column(),
                expected.kind()
                    + " of apiVersion "
                    + o.apiVersion()
                    + " is not read (expected "
                    + String.join(" or ", new java.util.TreeSet<>(expected.apiVersions()))
                    + ")"));
        return AttachedFile.missing(
            key, path, o.file() + " has an apiVersion parapet does not read");
      }
      ConfigFile c = ConfigFile.of(o);
      return facts(key, path, expected, c, o.file(), note);
    }

    AttachedFile readResult(
        String key, String path, Expected expected, ConfigFile.Read r, String shown, String note) {
      problems.addAll(r.problems());
      if (r.config().isEmpty()) {
        return AttachedFile.missing(key, path, shown + " could not be read as " + expected.kind());
      }
      return facts(key, path, expected, r.config().get(), shown, note);
    }

    AttachedFile facts(
        String key, String path, Expected expected, ConfigFile c, String shown, String note) {
      List<Setting> facts =
          switch (expected.kind()) {
            case "EncryptionConfiguration" -> EncryptionConfig.of(c, problems).facts();
            case "Policy" -> AuditPolicy.of(c, problems).facts();
              // read by attach, which follows EventRateLimit's path from the pod's point of view
            case "AdmissionConfiguration" -> List.of();
            default -> List.of();
          };
      return new AttachedFile(key, path, Optional.of(shown), facts, Optional.of(c), note);
    }

    /**
     * An AdmissionConfiguration's facts; EventRateLimit's {@code path} is followed under the root,
     * relative to the AdmissionConfiguration's directory as the API server resolves it.
     */
    List<Setting> admissionFacts(ConfigFile c, String path, Optional<K8sObject> pod) {
      AdmissionConfig a = AdmissionConfig.of(c, problems);
      Optional<AdmissionConfig.Plugin> erl = a.plugin("EventRateLimit");
      if (erl.isPresent() && a.eventRateLimit().isEmpty() && erl.get().path().isPresent()) {
        String p = erl.get().path().get();
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        String target = p.startsWith("/") ? p : dir + "/" + p;
        AttachedFile f = find("EventRateLimit", target, EVENT_RATE_LIMIT, pod);
        if (f.config().isPresent()) {
          a = a.withEventRateLimit(f.config().get(), problems);
        } else {
          problems.add(
              Problem.warning(
                  c.file(),
                  erl.get().location().line(),
                  erl.get().location().column(),
                  "EventRateLimit's configuration " + p + " was not read: " + f.note()));
        }
      }
      return a.facts();
    }

    List<K8sObject> ofKind(Expected expected) {
      return inventory.configs().stream().filter(o -> o.kind().equals(expected.kind())).toList();
    }
  }

  /** A volume mount a path lies on: the volume's source and the rest of the path under it. */
  private record Mount(
      String type, Optional<String> hostPath, Optional<String> configMap, String rest) {}

  /** The mount with the longest mountPath that holds {@code path}, as the container sees it. */
  static Optional<Mount> mountOf(K8sObject pod, MapNode container, String path) {
    String want = normalise(path);
    MapNode best = null;
    String bestPath = "";
    for (Node n : container.seq("volumeMounts").map(SeqNode::items).orElse(List.of())) {
      if (!(n instanceof MapNode vm)) {
        continue;
      }
      String mp = normalise(vm.string("mountPath").orElse(""));
      boolean holds = mp.equals("/") || want.equals(mp) || want.startsWith(mp + "/");
      if (holds && mp.length() > bestPath.length()) {
        best = vm;
        bestPath = mp;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String rest =
        want.equals(bestPath)
            ? ""
            : want.substring(bestPath.equals("/") ? 1 : bestPath.length() + 1);
    String subPath = best.string("subPath").orElse("");
    String volumeName = best.string("name").orElse("");
    Optional<MapNode> volume =
        pod
            .root()
            .map("spec")
            .flatMap(s -> s.seq("volumes"))
            .map(SeqNode::items)
            .orElse(List.of())
            .stream()
            .filter(MapNode.class::isInstance)
            .map(MapNode.class::cast)
            .filter(v -> v.string("name").filter(volumeName::equals).isPresent())
            .findFirst();
    if (volume.isEmpty()) {
      return Optional.of(new Mount("missing", Optional.empty(), Optional.empty(), rest));
    }
    String under = join(subPath, rest);
    Optional<String> host = volume.get().map("hostPath").flatMap(h -> h.string("path"));
    if (host.isPresent()) {
      return Optional.of(
          new Mount(
              "hostPath",
              Optional.of(normalise(join(host.get(), under))),
              Optional.empty(),
              under));
    }
    Optional<MapNode> cm = volume.get().map("configMap");
    if (cm.isPresent()) {
      String key = under;
      // items map a key to a file name under the mount
      for (Node item : cm.get().seq("items").map(SeqNode::items).orElse(List.of())) {
        if (item instanceof MapNode im && im.string("path").filter(under::equals).isPresent()) {
          key = im.string("key").orElse(under);
        }
      }
      return Optional.of(new Mount("configMap", Optional.empty(), cm.get().string("name"), key));
    }
    String type =
        volume.get().keys().stream().filter(k -> !k.equals("name")).findFirst().orElse("unknown");
    return Optional.of(new Mount(type, Optional.empty(), Optional.empty(), under));
  }

  private static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a + "/" + b;
  }

  static String normalise(String path) {
    StringBuilder out = new StringBuilder();
    for (String s : path.split("/")) {
      if (!s.isEmpty() && !s.equals(".")) {
        out.append('/').append(s);
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }
}
