package io.meshage.examples;

import io.meshage.MeshNode;
import io.meshage.file.FileEntry;
import io.meshage.file.MeshFiles;
import io.meshage.file.Transfer;
import java.nio.file.Path;
import java.util.List;

/** "Files over the mesh": a node started with a folder fetches a file another node serves. */
public final class FilesExample {
  private FilesExample() {}

  /**
   * Lists {@code images/*} across the mesh from {@code node}, fetches {@code images/x.img} (which
   * another node serves), then deletes it here again.
   *
   * @return the listing and where the file landed
   */
  public static Result run(MeshNode node) throws Exception {
    // README:begin files
    // a node started with MeshConfig.Builder.files(Path.of("/srv/mesh")), or meshage node --files /srv/mesh
    MeshFiles files = node.files();
    List<FileEntry> all = files.list("images/*").get();    // every node: who has what, size, SHA-256
    Transfer t = files.get("images/x.img");                // pulled from every node that has it
    t.status();                                            // RUNNING 52% 180 MiB/s from n1,n3
    Path file = t.future().get();                          // /srv/mesh/images/x.img, checked
    files.status(); files.delete("images/x.img");
    // README:end
    return new Result(all, file);
  }

  /** What the example saw. */
  public record Result(List<FileEntry> listed, Path fetched) {}
}
