package dev.parapet.bench;

import dev.parapet.model.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Judges benchmark entries on component instances.
 *
 * <p>A test that holds is PASS; one that does not is FAIL for an automated entry and WARN for a
 * manual one; one that cannot be decided from the input (a file not read yet) is WARN; an entry
 * with no test is WARN (a person judges it). An entry whose component is not in the input is INFO,
 * not FAIL: parapet cannot tell a component that is missing from one that was not given to it.
 *
 * <p>A flag that is not written is judged by its upstream default ({@link Defaults}) for the
 * Kubernetes version of the instance, and the evidence says so. {@code present} and {@code absent}
 * ask whether the flag is written, so a default never satisfies them.
 */
public final class BenchEvaluator {
  private BenchEvaluator() {}

  /**
   * What to judge.
   *
   * @param targets the targets to run (master, etcd, ...); empty runs all
   * @param kubernetes the version whose defaults apply; empty to take it from the image tags
   */
  public record Options(List<String> targets, Optional<KubeVersion> kubernetes) {
    public Options {
      targets = List.copyOf(targets);
    }

    public static Options defaults() {
      return new Options(List.of(), Optional.empty());
    }
  }

  private enum Truth {
    TRUE,
    FALSE,
    UNKNOWN,
    /** Nothing to judge: a file the node does not have, or no node files given. */
    NOT_APPLICABLE
  }

  private record Outcome(
      Truth truth, String evidence, Optional<Location> location, boolean defaultUsed) {}

  public static BenchReport evaluate(
      Benchmark benchmark, List<Instance> instances, Options options, Defaults defaults) {
    return evaluate(benchmark, BenchInputs.Gathered.of(instances), options, defaults);
  }

  /** Judges every entry of the targets on what was gathered. */
  public static BenchReport evaluate(
      Benchmark benchmark, BenchInputs.Gathered input, Options options, Defaults defaults) {
    List<Instance> instances = input.instances();
    KubeVersion runVersion;
    String versionSource;
    Optional<KubeVersion> fromImages =
        instances.stream()
            .map(Instance::version)
            .flatMap(Optional::stream)
            .max(Comparator.naturalOrder());
    if (options.kubernetes().isPresent()) {
      runVersion = options.kubernetes().get();
      versionSource = "--k8s-version";
    } else if (fromImages.isPresent()) {
      runVersion = fromImages.get();
      versionSource = "image tag";
    } else {
      runVersion = benchmark.to();
      versionSource = "newest version " + benchmark.id() + " covers";
    }
    List<String> targets = options.targets().isEmpty() ? Benchmark.TARGETS : options.targets();
    List<BenchResult> results = new ArrayList<>();
    for (BenchCheck check : benchmark.checks()) {
      if (!targets.contains(check.target())) {
        continue;
      }
      if (check.test().isPresent() && readsFilesOnly(check.test().get())) {
        results.add(judgeFiles(check, input, runVersion, defaults));
        continue;
      }
      List<Instance> of =
          instances.stream().filter(i -> i.component() == check.component()).toList();
      if (of.isEmpty()) {
        results.add(
            result(
                check,
                Optional.empty(),
                Status.INFO,
                check.component().binary() + " not found in the input",
                Optional.empty(),
                false));
        continue;
      }
      for (Instance instance : of) {
        KubeVersion v = options.kubernetes().or(instance::version).orElse(runVersion);
        results.add(judge(check, instance, v, defaults, input));
      }
    }
    return new BenchReport(benchmark, runVersion, versionSource, targets, results);
  }

  /** True when every condition of the test reads the node's files. */
  static boolean readsFilesOnly(Criterion c) {
    if (c instanceof Criterion.All all) {
      return all.parts().stream().allMatch(BenchEvaluator::readsFilesOnly);
    }
    if (c instanceof Criterion.Any any) {
      return any.parts().stream().allMatch(BenchEvaluator::readsFilesOnly);
    }
    return ((Criterion.Condition) c).subject() == Criterion.Subject.FILE;
  }

  /** An entry about the node's files: judged once, on the tree {@code --root} gave. */
  private static BenchResult judgeFiles(
      BenchCheck check, BenchInputs.Gathered input, KubeVersion v, Defaults defaults) {
    Optional<String> name = input.root().map(r -> "node " + r.root());
    if (input.root().isEmpty()) {
      return result(
          check,
          name,
          Status.INFO,
          "the node's files were not given (--root DIR; / on the node itself)",
          Optional.empty(),
          false);
    }
    Outcome o =
        new Judge(Optional.empty(), check.component(), v, defaults, input).eval(check.test().get());
    return result(
        check, name, status(check, o), withNote(check, o.evidence()), o.location(), false);
  }

  private static Status status(BenchCheck check, Outcome o) {
    return switch (o.truth()) {
      case TRUE -> Status.PASS;
      case FALSE -> check.scored() ? Status.FAIL : Status.WARN;
      case UNKNOWN -> Status.WARN;
      case NOT_APPLICABLE -> Status.INFO;
    };
  }

  static BenchResult judge(BenchCheck check, Instance instance, KubeVersion v, Defaults defaults) {
    return judge(check, instance, v, defaults, BenchInputs.Gathered.of(List.of(instance)));
  }

  static BenchResult judge(
      BenchCheck check,
      Instance instance,
      KubeVersion v,
      Defaults defaults,
      BenchInputs.Gathered input) {
    Optional<String> name = Optional.of(instance.name());
    if (check.test().isEmpty()) {
      return result(
          check,
          name,
          Status.WARN,
          withNote(check, "manual check: judge it by hand"),
          instance.settings().location(),
          false);
    }
    Outcome o =
        new Judge(Optional.of(instance), instance.component(), v, defaults, input)
            .eval(check.test().get());
    Status status = status(check, o);
    return result(
        check,
        name,
        status,
        withNote(check, o.evidence()),
        o.location().or(() -> instance.settings().location()),
        o.defaultUsed());
  }

  private static String withNote(BenchCheck check, String evidence) {
    return check.note().map(n -> evidence + "; " + n).orElse(evidence);
  }

  private static BenchResult result(
      BenchCheck c,
      Optional<String> instance,
      Status status,
      String evidence,
      Optional<Location> location,
      boolean defaultUsed) {
    return new BenchResult(
        c.id(),
        c.title(),
        c.section(),
        c.component(),
        instance,
        status,
        evidence,
        location,
        c.scored(),
        c.remediation(),
        defaultUsed,
        c.severity(),
        c.stride());
  }

  /**
   * Evaluates conditions on one instance, or on the node's files for an entry that reads only files
   * ({@code instance} empty).
   */
  private record Judge(
      Optional<Instance> instanceOpt,
      Component component,
      KubeVersion version,
      Defaults defaults,
      BenchInputs.Gathered input) {
    Instance instance() {
      return instanceOpt.orElseThrow(
          () -> new IllegalStateException("a condition on flags needs an instance"));
    }

    Outcome eval(Criterion c) {
      if (c instanceof Criterion.All all) {
        return combine(all.parts(), true);
      }
      if (c instanceof Criterion.Any any) {
        return combine(any.parts(), false);
      }
      Criterion.Condition cond = (Criterion.Condition) c;
      return switch (cond.subject()) {
        case FLAG -> flag(cond);
        case SETTING -> admission(cond);
        case GATE -> gate(cond);
        case FILE -> file(cond);
        case CONFIG -> config(cond);
      };
    }

    Outcome combine(List<Criterion> parts, boolean all) {
      List<Outcome> outs = parts.stream().map(this::eval).toList();
      Truth decisive = all ? Truth.FALSE : Truth.TRUE;
      Truth truth;
      if (outs.stream().anyMatch(o -> o.truth() == decisive)) {
        truth = decisive;
      } else if (outs.stream().anyMatch(o -> o.truth() == Truth.UNKNOWN)) {
        truth = Truth.UNKNOWN;
      } else if (outs.stream().allMatch(o -> o.truth() == Truth.NOT_APPLICABLE)) {
        truth = Truth.NOT_APPLICABLE;
      } else {
        // parts with nothing to judge (a file the node does not have) do not decide
        truth = all ? Truth.TRUE : Truth.FALSE;
      }
      String evidence =
          outs.stream().map(Outcome::evidence).distinct().collect(Collectors.joining("; "));
      Optional<Location> at =
          outs.stream()
              .filter(o -> truth == Truth.TRUE || o.truth() != Truth.TRUE)
              .map(Outcome::location)
              .flatMap(Optional::stream)
              .findFirst();
      return new Outcome(truth, evidence, at, outs.stream().anyMatch(Outcome::defaultUsed));
    }

    /** The written value: the last occurrence, or every occurrence joined for a list flag. */
    Optional<Setting> written(String flag) {
      List<Setting> all =
          instance().settings().flags().stream().filter(s -> s.name().equals(flag)).toList();
      if (all.isEmpty()) {
        return Optional.empty();
      }
      if (defaults.isList(component(), flag) && all.size() > 1) {
        String joined = all.stream().map(Setting::value).collect(Collectors.joining(","));
        return Optional.of(new Setting(flag, joined, all.get(all.size() - 1).location()));
      }
      return Optional.of(all.get(all.size() - 1));
    }

    Outcome flag(Criterion.Condition c) {
      if (component() == Component.KUBELET) {
        return effective(c, kubelet().get(c.name()));
      }
      if (component() == Component.PROXY) {
        Optional<AttachedFile> f = instance().file("config");
        return effective(
            c,
            ProxySettings.get(
                instance().settings(),
                f.flatMap(AttachedFile::config),
                f.map(AttachedFile::note).orElse("was not read"),
                c.name()));
      }
      String flag = c.name();
      Optional<Setting> w = written(flag);
      if (c.op() == Op.PRESENT || c.op() == Op.ABSENT) {
        // an empty value turns the feature off as if the flag were not written
        // (--audit-log-path= keeps the log backend off, --client-ca-file= x509 authentication)
        boolean set = w.isPresent() && !w.get().value().isBlank();
        String evidence =
            set
                ? "--" + flag + "=" + w.get().value()
                : w.isPresent()
                    ? "--" + flag + " is empty, the same as not set"
                    : "--" + flag + " not set";
        return new Outcome(
            truth(set == (c.op() == Op.PRESENT)), evidence, w.flatMap(Setting::location), false);
      }
      String value;
      String shown;
      boolean defaultUsed = false;
      Optional<Location> at = w.flatMap(Setting::location);
      if (w.isPresent()) {
        value = w.get().value();
        shown = "--" + flag + "=" + value;
      } else {
        Optional<Defaults.Value> d = defaults.flag(component(), flag, version);
        if (d.isPresent()
            && d.get().unless().isPresent()
            && written(d.get().unless().get()).isPresent()) {
          return new Outcome(
              Truth.UNKNOWN,
              "--"
                  + flag
                  + " not set; --"
                  + d.get().unless().get()
                  + " decides instead, and that file is not read yet",
              written(d.get().unless().get()).flatMap(Setting::location),
              false);
        }
        if (d.isEmpty()) {
          return new Outcome(
              Truth.FALSE,
              "--"
                  + flag
                  + " not set"
                  + (c.op() == Op.SUBSET ? "; the Go runtime's default suites apply" : ""),
              Optional.empty(),
              false);
        }
        value = d.get().value();
        defaultUsed = true;
        shown =
            "--"
                + flag
                + " not set; default "
                + (value.isEmpty() ? "(empty)" : value)
                + " applies (Kubernetes "
                + version
                + ")";
      }
      if (defaults.isBoolean(component(), flag)) {
        Optional<Boolean> b = parseBool(value);
        if (b.isEmpty()) {
          return new Outcome(
              Truth.FALSE,
              shown + ": not a boolean, " + component().binary() + " refuses to start",
              at,
              defaultUsed);
        }
        value = b.get().toString();
      }
      return new Outcome(compare(c.op(), value, c.value()), shown, at, defaultUsed);
    }

    Outcome admission(Criterion.Condition c) {
      String plugin = c.value();
      Optional<Setting> legacy = written("admission-control");
      boolean enabled;
      String evidence;
      Optional<Location> at;
      boolean defaultUsed = false;
      if (legacy.isPresent()) {
        enabled = list(legacy.get().value()).contains(plugin);
        evidence =
            plugin
                + (enabled ? " enabled" : " not enabled")
                + " by the legacy --admission-control="
                + legacy.get().value()
                + ", which replaces the default set";
        at = legacy.get().location();
      } else {
        Optional<Setting> enable = written("enable-admission-plugins");
        Optional<Setting> disable = written("disable-admission-plugins");
        Set<String> on = enable.map(s -> list(s.value())).orElse(Set.of());
        Set<String> off = disable.map(s -> list(s.value())).orElse(Set.of());
        String conflict =
            on.contains(plugin) && off.contains(plugin)
                ? "; it is in both --enable-admission-plugins and --disable-admission-plugins,"
                    + " which kube-apiserver refuses"
                : "";
        // as kube-apiserver computes it: the default-on set minus the disabled, plus the enabled
        if (on.contains(plugin)) {
          enabled = true;
          evidence = plugin + " enabled by --enable-admission-plugins=" + enable.get().value();
          at = enable.get().location();
        } else if (off.contains(plugin)) {
          enabled = false;
          evidence = plugin + " disabled by --disable-admission-plugins=" + disable.get().value();
          at = disable.get().location();
        } else {
          Optional<Set<String>> defaultOn = defaults.admissionPluginsOn(version);
          if (defaultOn.isEmpty()) {
            return new Outcome(
                Truth.UNKNOWN,
                plugin
                    + " not named in --enable-admission-plugins or --disable-admission-plugins,"
                    + " and parapet does not know the default plugins of Kubernetes "
                    + version,
                enable.or(() -> disable).flatMap(Setting::location),
                false);
          }
          enabled = defaultOn.get().contains(plugin);
          defaultUsed = true;
          evidence =
              plugin
                  + (enabled ? " on by default" : " off by default")
                  + " (Kubernetes "
                  + version
                  + ") and not named in "
                  + (enabled ? "--disable-admission-plugins" : "--enable-admission-plugins");
          at = (enabled ? disable : enable).flatMap(Setting::location);
        }
        evidence += conflict;
      }
      boolean want = c.op() == Op.HAS;
      return new Outcome(truth(enabled == want), evidence, at, defaultUsed);
    }

    Outcome gate(Criterion.Condition c) {
      if (component() == Component.KUBELET) {
        return effective(c, kubelet().get("feature-gates." + c.name()));
      }
      // every --feature-gates occurrence merges into the gate map; a later key wins
      Map<String, String> gates = new TreeMap<>();
      Optional<Location> at = Optional.empty();
      for (Setting s : instance().settings().flags()) {
        if (s.name().equals("feature-gates")) {
          for (String pair : s.value().split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(c.name())) {
              gates.put(c.name(), pair.substring(eq + 1).trim());
              at = s.location();
            }
          }
        }
      }
      String value;
      String shown;
      boolean defaultUsed = false;
      if (gates.containsKey(c.name())) {
        value = gates.get(c.name());
        shown = "--feature-gates " + c.name() + "=" + value;
        Optional<Boolean> b = parseBool(value);
        if (b.isEmpty()) {
          return new Outcome(
              Truth.FALSE,
              shown + ": not a boolean, " + component().binary() + " refuses to start",
              at,
              false);
        }
        value = b.get().toString();
      } else {
        Optional<Defaults.Value> d = defaults.gate(component(), c.name(), version);
        if (d.isEmpty()) {
          return new Outcome(
              Truth.UNKNOWN,
              "feature gate "
                  + c.name()
                  + " not set, and its default in Kubernetes "
                  + version
                  + " is not known to parapet",
              Optional.empty(),
              false);
        }
        value = d.get().value();
        defaultUsed = true;
        shown =
            "feature gate "
                + c.name()
                + " not set; default "
                + value
                + " applies (Kubernetes "
                + version
                + ")";
      }
      return new Outcome(compare(c.op(), value, c.value()), shown, at, defaultUsed);
    }

    KubeletSettings kubelet() {
      Optional<AttachedFile> f = instance().file("config");
      return kubeletSettings(instance());
    }

    /** A kubelet or kube-proxy setting, decided from its flags, its config file and defaults. */
    Outcome effective(Criterion.Condition c, KubeletSettings.Effective e) {
      boolean written = e.source() != KubeletSettings.Source.DEFAULT;
      boolean blank = e.value().map(String::isBlank).orElse(true);
      String evidence = e.evidence();
      // a kubelet known from its config file alone: a config attached, no --config written
      if (component() == Component.KUBELET
          && instance().file("config").isPresent()
          && instance().settings().flag("config").isEmpty()) {
        evidence += "; the kubelet's command line was not given, and a flag would override";
      }
      Optional<Location> inFile = e.location();
      if (inFile.isEmpty() && e.configKey().isPresent()) {
        inFile =
            nearest(instance().file("config").flatMap(AttachedFile::config), e.configKey().get());
      }
      Optional<Location> located = inFile;
      Optional<Location> at = instance().file("config").map(f -> f.report(located)).orElse(located);
      if (!written && unreadConfig().isPresent()) {
        // the file --config names was not read: it may well set what the default would decide
        return new Outcome(
            Truth.UNKNOWN,
            evidence + "; " + unreadConfig().get(),
            instance().settings().flag("config").flatMap(Setting::location),
            false);
      }
      if (c.op() == Op.PRESENT || c.op() == Op.ABSENT) {
        boolean set = written && !blank;
        if (written && blank) {
          evidence += " (empty, the same as not set)";
        }
        return new Outcome(truth(set == (c.op() == Op.PRESENT)), evidence, at, false);
      }
      if (e.value().isEmpty()) {
        return new Outcome(
            e.source() == KubeletSettings.Source.CONFIG ? Truth.UNKNOWN : Truth.FALSE,
            evidence + (c.op() == Op.SUBSET ? "; the Go runtime's default suites apply" : ""),
            at,
            false);
      }
      return new Outcome(compare(c.op(), e.value().get(), c.value()), evidence, at, !written);
    }

    /**
     * Where a key the config file leaves out would go: its nearest parent that is written ({@code
     * authentication} for {@code authentication.x509.clientCAFile}), else the file's {@code kind},
     * which names what the file configures.
     */
    Optional<Location> nearest(Optional<ConfigFile> config, String dottedKey) {
      if (config.isEmpty()) {
        return Optional.empty();
      }
      ConfigFile c = config.get();
      dev.parapet.source.Node found = null;
      dev.parapet.source.Node n = c.root();
      for (String key : dottedKey.split("\\.")) {
        if (!(n instanceof dev.parapet.source.MapNode m) || m.get(key).isEmpty()) {
          break;
        }
        n = m.get(key).get();
        found = n;
      }
      if (found == null) {
        found = c.root().get("kind").orElse(c.root());
      }
      return Optional.of(c.locationOf(found));
    }

    /** Why the config file {@code --config} names (or its drop-ins) was not read, if so. */
    Optional<String> unreadConfig() {
      Optional<AttachedFile> f = instance().file("config");
      if (f.isPresent() && !f.get().found()) {
        return Optional.of("the file --config names was not read (" + f.get().note() + ")");
      }
      Optional<AttachedFile> dir = instance().file(BenchInputs.CONFIG_DIR);
      if (dir.isPresent() && !dir.get().found()) {
        return Optional.of(
            "the drop-in files of --config-dir were not read (" + dir.get().note() + ")");
      }
      return Optional.empty();
    }

    /** A fact of a configuration file the instance's flag names. */
    Outcome config(Criterion.Condition c) {
      String fact = c.fact().orElseThrow();
      Optional<AttachedFile> f = instance().file(c.name());
      if (f.isEmpty()) {
        Optional<Setting> flag = instance().settings().flag(c.name());
        String consequence =
            switch (c.name()) {
              case "encryption-provider-config" -> ": Secrets are stored in etcd as plain text";
              case "audit-policy-file" -> ": no audit events are recorded";
              case "admission-control-config-file" ->
                  ": no admission plugin reads a configuration file";
              default -> "";
            };
        String evidence =
            c.name().equals("Corefile")
                ? "no Corefile"
                : "--" + c.name() + (flag.isPresent() ? " is empty" : " not set") + consequence;
        return new Outcome(
            c.op() == Op.ABSENT ? Truth.TRUE : Truth.FALSE,
            evidence,
            flag.flatMap(Setting::location),
            false);
      }
      AttachedFile file = f.get();
      String shownFlag = c.name().equals("Corefile") ? "" : "--" + c.name() + "=" + file.path();
      if (!file.found()) {
        return new Outcome(
            Truth.UNKNOWN,
            fact + " cannot be judged: " + file.note(),
            instance().settings().flag(c.name()).flatMap(Setting::location),
            false);
      }
      Optional<Setting> found =
          file.facts().stream().filter(x -> x.name().equals(fact)).reduce((a, b) -> b);
      List<String> how = new ArrayList<>();
      if (!shownFlag.isEmpty()) {
        how.add(shownFlag);
      }
      if (!file.note().isBlank()) {
        how.add(file.note().strip());
      }
      String where =
          " in "
              + file.readFrom().get()
              + (how.isEmpty() ? "" : " (" + String.join("; ", how) + ")");
      if (found.isEmpty()) {
        return new Outcome(
            truth(c.op() == Op.ABSENT), fact + " not found" + where, Optional.empty(), false);
      }
      Setting v = found.get();
      String detail =
          file.facts().stream()
              .filter(x -> x.name().equals(fact + ".detail"))
              .map(x -> ": " + x.value())
              .findFirst()
              .orElse("");
      String evidence = fact + "=" + v.value() + detail + where;
      Truth t =
          switch (c.op()) {
            case PRESENT -> Truth.TRUE;
            case ABSENT -> Truth.FALSE;
            default -> compare(c.op(), v.value(), c.value());
          };
      return new Outcome(t, evidence, file.report(v.location()), false);
    }

    /** The mode or owner of node files: each path that exists, or all a glob finds. */
    Outcome file(Criterion.Condition c) {
      if (input.root().isEmpty()) {
        return new Outcome(
            Truth.NOT_APPLICABLE,
            "the node's files were not given (--root DIR)",
            Optional.empty(),
            false);
      }
      NodeFiles root = input.root().get();
      List<String> paths = c.paths();
      String named = "";
      if (c.pathFlag().isPresent()) {
        Optional<String> fromFlag = pathFromFlag(c.pathFlag().get());
        if (fromFlag.isPresent()) {
          paths = List.of(fromFlag.get());
          named = " (named by " + component().binary() + " " + c.pathFlag().get() + ")";
        }
      }
      List<NodeFiles.FileInfo> infos = new ArrayList<>();
      List<dev.parapet.source.Problem> ignored = new ArrayList<>();
      for (String path : paths) {
        if (c.glob().isPresent()) {
          infos.addAll(
              root.find(path, c.glob().get(), ignored).stream()
                  // a link is judged by what a component reading it gets: its target in the tree
                  .map(i -> i.symlink() ? root.stat(i.path()) : i)
                  .filter(i -> i.exists() || i.problem().isPresent())
                  // a mode limit for files (600) says nothing about directories, which need x
                  .filter(i -> c.op() == Op.OWNER || !i.directory())
                  .toList());
        } else {
          NodeFiles.FileInfo info = root.stat(path);
          if (info.exists() || info.problem().isPresent()) {
            infos.add(info);
          }
        }
      }
      String what =
          String.join(" or ", paths) + c.glob().map(g -> " (" + g + ")").orElse("") + named;
      if (infos.isEmpty()) {
        return new Outcome(
            Truth.NOT_APPLICABLE,
            what + ": not found under " + root.root(),
            Optional.empty(),
            false);
      }
      List<NodeFiles.FileInfo> bad = new ArrayList<>();
      boolean unreadable = false;
      for (NodeFiles.FileInfo i : infos) {
        if (i.problem().isPresent() || !i.exists()) {
          unreadable = true;
          bad.add(i);
          continue;
        }
        boolean ok =
            c.op() == Op.OWNER
                ? i.ownership().equals(c.value())
                : NodeFiles.modeAtMost(i.mode() & 07777, NodeFiles.parseOctal(c.value()));
        if (!ok) {
          bad.add(i);
        }
      }
      List<NodeFiles.FileInfo> shown = bad.isEmpty() ? infos : bad;
      String list =
          shown.stream()
                  .limit(5)
                  .map(i -> i.describe() + (i.viaLink() && i.exists() ? " (through a link)" : ""))
                  .collect(Collectors.joining(", "))
              + (shown.size() > 5 ? " and " + (shown.size() - 5) + " more" : "");
      String evidence =
          bad.isEmpty()
              ? (infos.size() > 5 ? infos.size() + " files, all within " + c.value() + ": " : "")
                  + list
              : list
                  + (c.op() == Op.OWNER
                      ? " (want " + c.value() + ")"
                      : " (want at most " + c.value() + ")");
      Truth t =
          bad.isEmpty()
              ? Truth.TRUE
              : unreadable && bad.stream().allMatch(i -> i.problem().isPresent())
                  ? Truth.UNKNOWN
                  : Truth.FALSE;
      Optional<Location> at =
          Optional.of(new Location(root.hostPath(shown.get(0).path()), 0, 0, 0, "", null));
      return new Outcome(t, evidence, at, false);
    }

    /** A path the component's flag (or, for the kubelet, its config file) names, if any. */
    Optional<String> pathFromFlag(String flag) {
      for (Instance i : input.instances()) {
        if (i.component() != component()) {
          continue;
        }
        Optional<String> v;
        Optional<AttachedFile> onNode = i.file(BenchInputs.NODE_PATH + flag);
        if (onNode.isPresent()) {
          // a pod's flag: the node's path behind the container's, or none
          if (onNode.get().found()) {
            return onNode.get().readFrom();
          }
          continue;
        }
        if (component() == Component.KUBELET) {
          KubeletSettings k = kubeletSettings(i);
          KubeletSettings.Effective e = k.get(flag);
          v = e.source() == KubeletSettings.Source.DEFAULT ? Optional.empty() : e.value();
        } else {
          v = i.settings().flag(flag).map(Setting::value);
        }
        if (v.isPresent() && !v.get().isBlank()) {
          return v;
        }
      }
      return Optional.empty();
    }
  }

  /** A kubelet's settings: its flags, the file --config names and the drop-ins of --config-dir. */
  static KubeletSettings kubeletSettings(Instance i) {
    List<ConfigFile> dropIns =
        i.files().entrySet().stream()
            .filter(e -> e.getKey().startsWith(BenchInputs.CONFIG_DIR + "/"))
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getValue().config())
            .flatMap(Optional::stream)
            .toList();
    return KubeletSettings.of(
        i.settings(), i.file("config").flatMap(AttachedFile::config), dropIns);
  }

  private static Truth truth(boolean b) {
    return b ? Truth.TRUE : Truth.FALSE;
  }

  /** The elements of a comma-separated flag value, trimmed, empty ones dropped. */
  static Set<String> list(String value) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /**
   * strconv.ParseInt(s, 0, 64), which pflag and Go's flag package use for integer flags: an
   * optional sign, then {@code 0x} hex, {@code 0o} or a leading {@code 0} octal, {@code 0b} binary
   * or decimal; underscores only between digits (or right after a prefix), as Go allows with base
   * 0.
   */
  static Optional<Long> parseGoInt(String s) {
    String t = s;
    boolean negative = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      negative = t.startsWith("-");
      t = t.substring(1);
    }
    int radix = 10;
    String digits = t;
    boolean prefixed = false;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char p = Character.toLowerCase(t.charAt(1));
      if (p == 'x' || p == 'o' || p == 'b') {
        radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
        digits = t.substring(2);
      } else {
        radix = 8;
        digits = t.substring(1);
      }
      prefixed = true;
    }
    if (digits.contains("_")) {
      if (digits.endsWith("_") || digits.contains("__") || (!prefixed && digits.startsWith("_"))) {
        return Optional.empty();
      }
      digits = digits.replace("_", "");
    }
    if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
      return Optional.empty();
    }
    try {
      long v = Long.parseLong(digits, radix);
      return Optional.of(negative ? -v : v);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** strconv.ParseBool, which both Go's flag package and pflag use for boolean flags. */
  static Optional<Boolean> parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static Truth compare(Op op, String actual, String expected) {
    return switch (op) {
      case EQ -> truth(actual.equals(expected));
      case NOTEQ -> truth(!actual.equals(expected));
      case HAS -> truth(list(actual).contains(expected));
      case NOTHAS -> truth(!list(actual).contains(expected));
      case SUBSET -> {
        Set<String> got = list(actual);
        yield truth(!got.isEmpty() && list(expected).containsAll(got));
      }
      case GTE, LTE -> {
        long want = Long.parseLong(expected);
        Optional<Long> got = parseGoInt(actual.trim());
        yield got.isEmpty()
            ? Truth.FALSE
            : truth(op == Op.GTE ? got.get() >= want : got.get() <= want);
      }
      case REGEX -> truth(Pattern.compile(expected).matcher(actual).matches());
      case PRESENT, ABSENT, MODE_AT_MOST, OWNER ->
          throw new IllegalStateException("op " + op.yaml() + " is not a value comparison");
    };
  }
}
