package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads test YAML into an RBAC index. */
final class Yaml {
  private Yaml() {}

  static RbacIndex index(String text) {
    return RbacIndex.of(inventory(text));
  }

  static Inventory inventory(String text) {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT).read("rbac.yaml", text.getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    return Inventory.build(List.of(f));
  }

  static RbacIndex index(List<Path> files) throws IOException {
    return RbacIndex.of(inventory(files));
  }

  static Inventory inventory(List<Path> files) throws IOException {
    YamlReader reader = new YamlReader(Limits.DEFAULT);
    List<ParsedFile> parsed = new ArrayList<>();
    for (Path p : files) {
      ParsedFile f = reader.read(p.toString(), Files.readAllBytes(p));
      assertThat(f.problems()).as(p.toString()).isEmpty();
      parsed.add(f);
    }
    return Inventory.build(parsed);
  }
}
