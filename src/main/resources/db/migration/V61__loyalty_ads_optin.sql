-- Loyalty files may carry an opt-in for advertising (custom audiences on ad platforms): column optin_ads, optional.
alter table loyalty_member add column optin_ads text;
