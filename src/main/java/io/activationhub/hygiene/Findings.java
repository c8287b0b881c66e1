package io.activationhub.hygiene;

import java.util.ArrayList;
import java.util.List;

/** Collects corrections and flags during one normalisation call; not shared between calls or threads. */
final class Findings {

    private List<Correction> corrections;
    private List<Flag> flags;

    void correct(String field, CorrectionCode code, String reason, String original, String corrected) {
        if (corrections == null) {
            corrections = new ArrayList<>(4);
        }
        corrections.add(new Correction(field, code, reason, original, corrected));
    }

    void flag(String field, FlagCode code, String reason, String original) {
        if (flags == null) {
            flags = new ArrayList<>(2);
        }
        flags.add(new Flag(field, code, reason, original));
    }

    void addAll(List<Correction> moreCorrections, List<Flag> moreFlags) {
        if (!moreCorrections.isEmpty()) {
            if (corrections == null) {
                corrections = new ArrayList<>(moreCorrections.size() + 4);
            }
            corrections.addAll(moreCorrections);
        }
        if (!moreFlags.isEmpty()) {
            if (flags == null) {
                flags = new ArrayList<>(moreFlags.size() + 2);
            }
            flags.addAll(moreFlags);
        }
    }

    List<Correction> corrections() {
        return corrections == null ? List.of() : List.copyOf(corrections);
    }

    List<Flag> flags() {
        return flags == null ? List.of() : List.copyOf(flags);
    }
}
