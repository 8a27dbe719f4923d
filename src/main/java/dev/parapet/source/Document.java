package dev.parapet.source;

/**
 * One YAML or JSON document of a file.
 *
 * @param file the file as the user named it
 * @param index 0-based position of the document in its file
 * @param root the document's root node
 * @param helmSource the template named by a Helm {@code # Source:} comment, or null
 */
public record Document(String file, int index, Node root, String helmSource) {}
