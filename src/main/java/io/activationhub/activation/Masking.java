package io.activationhub.activation;

/** Masks personal data for logs: {@code delphine.p@gmail.com} becomes {@code d***@gmail.com}. */
public final class Masking {

    private Masking() {
    }

    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        return phone.length() <= 4 ? "***" : phone.substring(0, 3) + "***" + phone.substring(phone.length() - 2);
    }
}
