package io.lakebook.core.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What must travel to make the cluster's copy equal to the project: the files that are new or changed, and the paths
 * to delete there. Computed from the two manifests alone, so an unchanged project yields an empty plan and no call.
 *
 * @param uploads the files to send, in path order
 * @param deletes the paths the cluster has and the project no longer has, in path order
 */
public record SyncPlan(List<Upload> uploads, List<String> deletes) {

    /**
     * One file to send.
     *
     * @param file the file as it is now
     * @param why  "new" or "changed", for {@code %lakebook sync}
     */
    public record Upload(FileEntry file, String why) {
    }

    public SyncPlan {
        uploads = List.copyOf(uploads);
        deletes = List.copyOf(deletes);
    }

    /** Compares the project ({@code local}) with what the cluster holds ({@code remote}). */
    public static SyncPlan between(Map<String, FileEntry> local, Map<String, FileEntry> remote) {
        List<Upload> uploads = new ArrayList<>();
        for (FileEntry file : local.values()) {
            FileEntry there = remote.get(file.path());
            if (there == null) {
                uploads.add(new Upload(file, "new"));
            } else if (there.size() != file.size() || !there.hash().equals(file.hash())) {
                uploads.add(new Upload(file, "changed"));
            }
        }
        uploads.sort(java.util.Comparator.comparing(upload -> upload.file().path()));
        List<String> deletes = remote.keySet().stream().filter(path -> !local.containsKey(path)).sorted().toList();
        return new SyncPlan(uploads, deletes);
    }

    public boolean isEmpty() {
        return uploads.isEmpty() && deletes.isEmpty();
    }

    /** The bytes of content that travel. */
    public long uploadBytes() {
        return uploads.stream().mapToLong(upload -> upload.file().size()).sum();
    }
}
