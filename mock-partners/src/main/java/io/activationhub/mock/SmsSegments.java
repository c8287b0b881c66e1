package io.activationhub.mock;

/**
 * How an SMS body is encoded and split: GSM-7 when every character is in the GSM 03.38 alphabet (160 septets in one
 * segment, 153 a segment once concatenated; extension characters such as {@code €[]{}} count twice), UCS-2
 * otherwise (70 UTF-16 units, 67 once concatenated).
 *
 * @param encoding {@code GSM-7} or {@code UCS-2}
 * @param units    septets (GSM-7) or UTF-16 code units (UCS-2)
 * @param segments the number of SMS billed
 */
public record SmsSegments(String encoding, int units, int segments) {

    public static final String GSM_7 = "GSM-7";
    public static final String UCS_2 = "UCS-2";

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    public static SmsSegments of(String body) {
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < body.length() && gsm; i++) {
            char c = body.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                gsm = false;
            }
        }
        if (gsm) {
            return new SmsSegments(GSM_7, septets, septets <= 160 ? 1 : ceilDiv(septets, 153));
        }
        int units = body.length();
        return new SmsSegments(UCS_2, units, units <= 70 ? 1 : ceilDiv(units, 67));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
