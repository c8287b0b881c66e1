package io.activationhub.hygiene;

/**
 * One line of the La Poste postcode reference: a postcode serving a commune under a delivery name.
 *
 * @param postcode     five digits
 * @param deliveryName the libelle d'acheminement in line-6 form: capitals, no accents, no punctuation
 *                     ({@code BOULOGNE BILLANCOURT})
 * @param inseeCode    INSEE code of the commune ({@code 92012})
 * @param communeName  official commune name with accents ({@code Boulogne-Billancourt})
 * @param deliveryKey  town key of the delivery name (see {@link PostcodeReference#townKey(String)})
 * @param communeKey   town key of the commune name
 */
public record PostcodeEntry(String postcode, String deliveryName, String inseeCode, String communeName,
                            String deliveryKey, String communeKey) {

    /**
     * An entry with its keys computed. The delivery name is written in line-6 form; an
     * arrondissement number that some source lines append to PARIS, LYON or MARSEILLE
     * ({@code PARIS 16}, {@code MARSEILLE 6EME}) is dropped, as La Poste writes the city alone.
     */
    public static PostcodeEntry of(String postcode, String deliveryName, String inseeCode, String communeName) {
        String delivery = PlaceNames.withoutArrondissement(TextFolding.alphanumericKey(articleFirst(deliveryName)));
        return new PostcodeEntry(postcode, delivery, inseeCode, communeName,
                PlaceNames.key(delivery), PlaceNames.key(communeName));
    }

    private static final java.util.regex.Pattern TRAILING_ARTICLE =
            java.util.regex.Pattern.compile("(.+?)\\s*\\((LES|LE|LA|L ?'?)\\s*\\)\\s*");

    /**
     * The reference (from the tax office's files) writes about 300 names with their article last, in brackets:
     * {@code BAUX-DE-PROVENCE (LES)}, {@code ABERGEMENT-DE-VAREY (L )}. Line 6 reads {@code LES BAUX DE PROVENCE}.
     */
    static String articleFirst(String name) {
        if (name == null) {
            return null;
        }
        java.util.regex.Matcher m = TRAILING_ARTICLE.matcher(name);
        if (!m.matches()) {
            return name;
        }
        String article = m.group(2).replace("'", "").strip();
        return article + " " + m.group(1).strip();
    }
}
