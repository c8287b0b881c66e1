-- A letter's push keeps the key (PostalAddressKey) of the address it was printed with. A PND return then suppresses
-- that address, and flags the customer only while it is still their address: a customer who moved between the
-- mailing and the return (the usual reason for "n'habite pas à l'adresse indiquée") keeps their new address
-- mailable. Null for pushes of other channels, and for letters sent before this column: their returns still take the
-- customer's current address.
alter table push add column address_hash text;
