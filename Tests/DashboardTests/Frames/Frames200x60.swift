// The expected frames at 200x60: FrameTests draws each scenario and compares
// every line of text and every cell's role with these. They are the
// specification: when a view changes on purpose, read the new frame (the
// failing test attaches it) before it replaces one of these.
//
// Role letters (Fixtures.letter): - base  = header  @ sandbox badge  ! stale
// h column header  H sorted column  . row  S selection  s selection unfocused
// M marked  X expired  C critical  W warning  O ok  d detail  l detail label
// | border  t status line  E status error  f footer  k footer key  D dialog
// T dialog title  i field  I focused field  e field error  b button
// B focused button  / filter  1-7 context red, green, yellow, blue, magenta, cyan, white

extension ExpectedFrame {
    static let main200x60 = ExpectedFrame(
        scenario: .main, width: 200, height: 60,
        text: #"""
         netify-licenses  SANDBOX  ✖ 2 expired  ▲ 2 critical  ● 1 warning  7/7 shown                                                                                                     updated 12:00:00 UTC
          SERIAL             ISSUED TO                             ENTITLEMENTS                         TARGET           EXPIRES▲    DAYS RENEW│ 2026-0000-00000001
        ✖ 2026-0000-00000001 Expired GmbH                          lua                                  —                2026-11-24    -3 yes  │ Serial        2026-0000-00000001
        ✖ 2026-0000-00000002 Expires Today Ltd                     lua                                  —                2026-11-27     0 yes  │ Issued to     Expired GmbH
        ▲ 2026-0000-00000003 東京ネットワーク株式会社              flow-actions,mqtt                    dev-42           2026-11-29     2 yes  │ Expires       2026-11-24 (3 days ago)
        ▲ 2026-0000-00000004 Café Müller 🐦                        python                               —                2026-12-03     6 no   │ Status        ✖ EXPIRED
        ● 2026-0000-00000005 Acme Inc.                             aggregator,app-sigs                  —                2026-12-17    20 yes  │ Renewable     yes
        ✓ 2026-0000-00000006 Later Corp                            aggregator                           —                2027-03-27   120 yes  │ Entitlements  netify-proc-lua: The Netify Lua binding plugin.
        ✓ 2026-0000-00000007 Zürich Mesh AG                        ubus                                 —                2027-06-15   200 yes  │ Target UID    none (any device)
                                                                                                                                               │ Description   Flow Actions Policy Control
                                                                                                                                               │ Notes
                                                                                                                                               │ Created       2026-10-28 (30 days ago)
                                                                                                                                               │ Version       1
                                                                                                                                               │ Format        object
                                                                                                                                               │
                                                                                                                                               │ As the agent loads it (/etc/netifyd/license.json):
                                                                                                                                               │   {
                                                                                                                                               │     "version": "1",
                                                                                                                                               │     "serial": "2026-0000-00000001",
                                                                                                                                               │     "issued_to": "Expired GmbH",
                                                                                                                                               │     "expire_at": {
                                                                                                                                               │       "unix": 1795478400,
                                                                                                                                               │       "date": "2026-11-24"
                                                                                                                                               │     },
                                                                                                                                               │     "netify-proc-lua": {
                                                                                                                                               │       "not_valid_after": "2026-11-24"
                                                                                                                                               │     }
                                                                                                                                               │   }
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                                                                                                                                              1/7
         ? help  / filter  n next due  r renew  c create  d delete  s sort  tab detail  f5 refresh  q quit
        """#,
        roles: #"""
        =================@@@@@@@@@==============================================================================================================================================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh|dllllllllllllllllllddddddddddddddddddddddddddddddddddddddddddddd
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXXXXXXXXXXXXXXXdddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXdddddddddddddddddddddddddddddddddddddddd
        W................................................................................................................WWWWWWWWWW.WWWWW......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllllllllllllllllllllllllllllllllllllllddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkfffffffkfffffffffkfffffffffffkffffffffkfffffffffkfffffffffkfffffffkkkfffffffffkkffffffffffkfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)

    static let renew200x60 = ExpectedFrame(
        scenario: .renew, width: 200, height: 60,
        text: #"""
         netify-licenses  SANDBOX  ✖ 2 expired  ▲ 2 critical  ● 1 warning  7/7 shown                                                                                                     updated 12:00:00 UTC
          SERIAL             ISSUED TO                             ENTITLEMENTS                         TARGET           EXPIRES▲    DAYS RENEW│ 2026-0000-00000001
        ✖ 2026-0000-00000001 Expired GmbH                          lua                                  —                2026-11-24    -3 yes  │ Serial        2026-0000-00000001
        ✖ 2026-0000-00000002 Expires Today Ltd                     lua                                  —                2026-11-27     0 yes  │ Issued to     Expired GmbH
        ▲ 2026-0000-00000003 東京ネットワーク株式会社              flow-actions,mqtt                    dev-42           2026-11-29     2 yes  │ Expires       2026-11-24 (3 days ago)
        ▲ 2026-0000-00000004 Café Müller 🐦                        python                               —                2026-12-03     6 no   │ Status        ✖ EXPIRED
        ● 2026-0000-00000005 Acme Inc.                             aggregator,app-sigs                  —                2026-12-17    20 yes  │ Renewable     yes
        ✓ 2026-0000-00000006 Later Corp                            aggregator                           —                2027-03-27   120 yes  │ Entitlements  netify-proc-lua: The Netify Lua binding plugin.
        ✓ 2026-0000-00000007 Zürich Mesh AG                        ubus                                 —                2027-06-15   200 yes  │ Target UID    none (any device)
                                                                                                                                               │ Description   Flow Actions Policy Control
                                                                                                                                               │ Notes
                                                                                                                                               │ Created       2026-10-28 (30 days ago)
                                                                                                                                               │ Version       1
                                                                                                                                               │ Format        object
                                                                                                                                               │
                                                                                                                                               │ As the agent loads it (/etc/netifyd/license.json):
                                                                                                                                               │   {
                                                                                                                                               │     "version": "1",
                                                                                                                                               │     "serial": "2026-0000-00000001",
                                                                                                                                               │     "issued_to": "Expired GmbH",
                                                                                                                                               │     "expire_at": {
                                                                                                                                               │       "unix": 1795478400,
                                                                                                                                               │       "date": "2026-11-24"
                                                                                                                                               │     },
                                                                                                                                               │     "netify-proc-lua": {
                                 ╭─ Renew license ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮
                                 │ License       2026-0000-00000001                                                                                                                   │
                                 │ Issued to     Expired GmbH                                                                                                                         │
                                 │ Now expires   2026-11-24 (3 days ago)                                                                                                              │
                                 │ Expires       ◀ key's maximum term ▶  ←/→ change                                                                                                   │
                                 │ Result        2026-11-24 → the key's maximum (not known before the reply)                                                                          │
                                 │ Key           the key's maximum (not known yet: learned from the first renew or create sent with it, or set max_term_days)                         │
                                 │                                                                                                                                                    │
                                 │ [ Renew ]  enter renew · tab next · esc cancel                                                                                                     │
                                 ╰────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                                                                                                                                              1/7
         tab next field  shift-tab previous  enter send  esc cancel
        """#,
        roles: #"""
        =================@@@@@@@@@==============================================================================================================================================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh|dllllllllllllllllllddddddddddddddddddddddddddddddddddddddddddddd
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXXXXXXXXXXXXXXXdddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXdddddddddddddddddddddddddddddddddddddddd
        W................................................................................................................WWWWWWWWWW.WWWWW......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllllllllllllllllllllllllllllllllllllllddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        -------------------------DDTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDIIIIIIIIIIIIIIIIIIIIIIDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDBBBBBBBBBDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkkkfffffffffffffkkkkkkkkkfffffffffffkkkkkfffffffkkkffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)

    static let renewQuestion200x60 = ExpectedFrame(
        scenario: .renewQuestion, width: 200, height: 60,
        text: #"""
         netify-licenses  SANDBOX  ✖ 2 expired  ▲ 2 critical  ● 1 warning  7/7 shown                                                                                                     updated 12:00:00 UTC
          SERIAL             ISSUED TO                             ENTITLEMENTS                         TARGET           EXPIRES▲    DAYS RENEW│ 2026-0000-00000005
        ✖ 2026-0000-00000001 Expired GmbH                          lua                                  —                2026-11-24    -3 yes  │ Serial        2026-0000-00000005
        ✖ 2026-0000-00000002 Expires Today Ltd                     lua                                  —                2026-11-27     0 yes  │ Issued to     Acme Inc.
        ▲ 2026-0000-00000003 東京ネットワーク株式会社              flow-actions,mqtt                    dev-42           2026-11-29     2 yes  │ Expires       2026-12-17 (in 20 days)
        ▲ 2026-0000-00000004 Café Müller 🐦                        python                               —                2026-12-03     6 no   │ Status        ● WARNING
        ● 2026-0000-00000005 Acme Inc.                             aggregator,app-sigs                  —                2026-12-17    20 yes  │ Renewable     yes
        ✓ 2026-0000-00000006 Later Corp                            aggregator                           —                2027-03-27   120 yes  │ Entitlements  netify-proc-aggregator: The Netify aggregator
        ✓ 2026-0000-00000007 Zürich Mesh AG                        ubus                                 —                2027-06-15   200 yes  │               plugin.
                                                                                                                                               │               application-signatures: Netify commercial
                                                                                                                                               │               application signature updates (5.2 and later).
                                                                                                                                               │ Target UID    none (any device)
                                                                                                                                               │ Description   Flow Actions Policy Control
                                                                                                                                               │ Notes         Pilot
                                                                                                                                               │ Created       2026-10-28 (30 days ago)
                                                                                                                                               │ Version       1
                                                                                                                                               │ Format        object
                                                                                                                                               │
                                                                                                                                               │ As the agent loads it (/etc/netifyd/license.json):
                                                                                                                                               │   {
                                                                                                                                               │     "version": "1",
                                                                                                                                               │     "serial": "2026-0000-00000005",
                                                                                                                                               │     "issued_to": "Acme Inc.",
                                                                                                                                               │     "expire_at": {
                                 ╭─ Renew license ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮
                                 │ License       2026-0000-00000005                                                                                                                   │
                                 │ Issued to     Acme Inc.                                                                                                                            │
                                 │ Now expires   2026-12-17 (in 20 days)                                                                                                              │
                                 │ Expires       ◀ after N days ▶                                                                                                                     │
                                 │ Days          10                                                                                                                                   │
                                 │ Result        2026-12-17 → 2026-12-07, -10 days                                                                                                    │
                                 │                                                                                                                                                    │
                                 │ Careful: this would move the expiry earlier, from 2026-12-17 to 2026-12-07 (-10 days). Renew anyway?                                               │
                                 │ [ No ]   [ Yes, renew anyway ]                                                                                                                     │
                                 │ y renews anyway · any other key goes back to the form                                                                                              │
                                 ╰────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                                                                                                                                              5/7
         y yes  any other key no
        """#,
        roles: #"""
        =================@@@@@@@@@==============================================================================================================================================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh|dllllllllllllllllllddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllWWWWWWWWWWWWWWWWWWWWWWWdddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllWWWWWWWWWdddddddddddddddddddddddddddddddddddddddd
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllllllllllllllllllllllllllllllllllllllddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        -------------------------DDTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDiiiiiiiiiiiiDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDBBBBBBDDDbbbbbbbbbbbbbbbbbbbbbDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkffffffkkkkkkkkkkkkkfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)

    static let create200x60 = ExpectedFrame(
        scenario: .create, width: 200, height: 60,
        text: #"""
         netify-licenses  SANDBOX  ✖ 2 expired  ▲ 2 critical  ● 1 warning  7/7 shown                                                                                                     updated 12:00:00 UTC
          SERIAL             ISSUED TO                             ENTITLEMENTS                         TARGET           EXPIRES▲    DAYS RENEW│ 2026-0000-00000001
        ✖ 2026-0000-00000001 Expired GmbH                          lua                                  —                2026-11-24    -3 yes  │ Serial        2026-0000-00000001
        ✖ 2026-0000-00000002 Expires Today Ltd                     lua                                  —                2026-11-27     0 yes  │ Issued to     Expired GmbH
        ▲ 2026-0000-00000003 東京ネットワーク株式会社              flow-actions,mqtt                    dev-42           2026-11-29     2 yes  │ Expires       2026-11-24 (3 days ago)
        ▲ 2026-0000-00000004 Café Müller 🐦                        python                               —                2026-12-03     6 no   │ Status        ✖ EXPIRED
        ● 2026-0000-00000005 Acme Inc.                             aggregator,app-sigs                  —                2026-12-17    20 yes  │ Renewable     yes
        ✓ 2026-0000-00000006 Later Corp                            aggregator                           —                2027-03-27   120 yes  │ Entitlements  netify-proc-lua: The Netify Lua binding plugin.
        ✓ 2026-0000-00000007 Zürich Mesh AG                        ubus                                 —                2027-06-15   200 yes  │ Target UID    none (any device)
                                                                                                                                               │ Description   Flow Actions Policy Control
                                                                                                                                               │ Notes
                                                                                                                                               │ Created       2026-10-28 (30 days ago)
                                                                                                                                               │ Version       1
                                                                                                                                               │ Format        object
                                                                                                                                               │
                                                                                                                                               │ As the agent loads it (/etc/netifyd/license.json):
                                                                                                                                               │   {
                                                                                                                                               │     "version": "1",
                                                                                                                                               │     "serial": "2026-0000-00000001",
                                 ╭─ Create license ───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮
                                 │ New license                                                                                                                                        │
                                 │ ctrl-p starts from 2026-0000-00000001's fields (Expired GmbH) · ctrl-n creates and starts the next device                                          │
                                 │ Issued to                                                                                                                                    0/200 │
                                 │ Entitlements  space toggles                                                                                                                        │
                                 │   [ ] netify-proc-aggregator     The Netify aggregator plugin.                                                                                     │
                                 │   [ ] netify-proc-flow-actions   The Netify flow actions plugin.                                                                                   │
                                 │   [ ] netify-proc-dev-discovery  The Netify device discovery plugin.                                                                               │
                                 │   [ ] netify-proc-python         The Netify Python binding plugin.                                                                                 │
                                 │   [ ] netify-proc-lua            The Netify Lua binding plugin.                                                                                    │
                                 │   [ ] netify-proc-intel          The Netify Intel plugin (pending release).                                                                        │
                                 │   [ ] netify-sink-mqtt           The Netify message queue (MQTT) plugin.                                                                           │
                                 │   [ ] netify-sink-ubus           The Netify ubus plugin.                                                                                           │
                                 │   [ ] application-signatures     Netify commercial application signature updates (5.2 and later).                                                  │
                                 │ Expires       ◀ key's maximum term ▶                                                                                                               │
                                 │ Target UID                                                                                                                                   0/128 │
                                 │ Description                                                                                                                                 0/1000 │
                                 │ Notes                                                                                                                                       0/4000 │
                                 │                                                                                                                                                    │
                                 │ [ Create ]  enter create · tab next · esc cancel                                                                                                   │
                                 ╰────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                                                                                                                                              1/7
         tab next field  shift-tab previous  enter send  esc cancel
        """#,
        roles: #"""
        =================@@@@@@@@@==============================================================================================================================================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh|dllllllllllllllllllddddddddddddddddddddddddddddddddddddddddddddd
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXXXXXXXXXXXXXXXdddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXdddddddddddddddddddddddddddddddddddddddd
        W................................................................................................................WWWWWWWWWW.WWWWW......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllllllllllllllllllllllllllllllllllllllddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        -------------------------DDTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDSIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDBBBBBBBBBBDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkkkfffffffffffffkkkkkkkkkfffffffffffkkkkkfffffffkkkffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)

    static let help200x60 = ExpectedFrame(
        scenario: .help, width: 200, height: 60,
        text: #"""
         netify-licenses  SANDBOX  ✖ 2 expired  ▲ 2 critical  ● 1 warning  7/7 shown                                                                                                     updated 12:00:00 UTC
          SERIAL             ISSUED TO                             ENTITLEMENTS                         TARGET           EXPIRES▲    DAYS RENEW│ 2026-0000-00000001
        ✖ 2026-0000-00000001 Expired GmbH                          lua                                  —                2026-11-24    -3 yes  │ Serial        2026-0000-00000001
        ✖ 2026-0000-00000002 Expires Today Ltd                     lua                                  —                2026-11-27     0 yes  │ Issued to     Expired GmbH
        ▲ 2026-0000-00000003 東京ネットワーク株式会社              flow-actions,mqtt                    dev-42           2026-11-29     2 yes  │ Expires       2026-11-24 (3 days ago)
        ▲ 2026-0000-00000004 Café Müller 🐦                        python                               —                2026-12-03     6 no   │ Status        ✖ EXPIRED
        ● 2026-0000-00000005 Acme Inc.                             aggregator,app-sigs                  —                2026-12-17    20 yes  │ Renewable     yes
        ✓ 2026-0000-00000006 Later Corp                            aggregator                           —                2027-03-27   120 yes  │ Entitlements  netify-proc-lua: The Netify Lua binding plugin.
        ✓ 2026-0000-00000007 Zürich Mesh AG                        ubus                                 —                2027-06-15   200 yes  │ Target UID    none (any device)
                                                                                                                                               │ Description   Flow Actions Policy Control
                                                                                                                                               │ Notes
                                                                                                                                               │ Created       2026-10-28 (30 days ago)
         ╭─ Keys — esc ? q close ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮
         │ Actions                                                                                          Moving                                                                                            │
         │ r                  Renew the selected license, or every marked one                               k up               Move up                                                                        │
         │ c                  Create a license                                                              j down             Move down                                                                      │
         │ i                  Re-issue the selected license (another device or entitlements; asks first)    pgup ctrl-b        Page up                                                                        │
         │ d                  Delete the selected license (asks first)                                      pgdn ctrl-f        Page down                                                                      │
         │ space              Mark or unmark the selected license, and move down                            g home             First license                                                                  │
         │ a                  Mark every license shown                                                      G end              Last license                                                                   │
         │ u                  Clear all marks                                                               tab enter          Focus the detail pane (again to return)                                        │
         │ y                  Copy the selected serial to the clipboard (OSC 52: over ssh, in tmux)         +                  Give the detail pane more room (hidden, narrow, standard, wide)                │
         │ Y                  Copy the license file the agent loads (netifyd JSON)                          _                  Give the detail pane less room (hidden: shown when focused)                    │
         │ /                  Filter as you type; esc clears                                                ?                  Show or hide this help                                                         │
         │ :                  A view (:due :expired :critical :warning :ok :all), :log or :SERIAL           q                  Quit (from a form, esc leaves the form first)                                  │
         │ n                  Next license due for renewal, as renew --due sees it                          esc                Leave the detail pane, clear the filter, close a form or this help             │
         │ N                  Previous license due for renewal                                                                                                                                                │
         │ f5 ctrl-r          Refresh now                                                                   Commands           after :; tab completes (again: the next match), ctrl-u clears, ctrl-w          │
         │ h                  The change journal: every create, renew and delete, before and after                             deletes a word, ←/→ move; the / line edits alike                               │
         │ t                  Expiry timeline: how many expire each week                                    :due :expired      Views: due for renewal, expired, :critical, :warning, :ok, :all                │
         │ X                  Licenses gone since launch, as last seen                                      :SERIAL            Jump to a license by serial, even when the filter hides it                     │
         │ x                  Clear the change markers (+ new, ↻ renewed elsewhere, ~ changed)              :ctx NAME          Switch to another context of the settings file; :ctx all shows every context   │
         │ C                  Choose and order the table's columns                                                             at once                                                                        │
         │ s                  Sort by the next column                                                       :log               The last messages of the status line, whole, newest first                      │
         │ S                  Reverse the sort                                                              :history :help     The change journal; this help                                                  │
         │ 1 2 3 4 5 6 7      Sort by serial, issued to, entitlements, target, expiry, days left,                                                                                                             │
         │                    renewable (again: reverse)                                                    In forms           tab/↓ next field · shift-tab/↑ previous · space toggles                        │
         │                                                                                                                     ←/→ change the expiry choice · enter submits · esc cancels                     │
         │                                                                                                  ctrl-p             Fill the form from the license selected when it opened                         │
         │                                                                                                  ctrl-n             Create and keep the form open for the next one                                 │
         │                                                                                                                                                                                                    │
         │                                                                                                  Mouse              Click a row to select it, a column's title to sort by it (again: reverse), a   │
         │                                                                                                                     [ button ] to press it; the wheel scrolls                                      │
         │                                                                                                                                                                                                    │
         │                                                                                                  Status             ✖ expired  ▲ critical (≤ 7 d)  ● warning (≤ 30 d)  ✓ ok                        │
         │                                                                                                                                                                                                    │
         ╰────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                                                                                                                                              1/7
         ↑↓ scroll  esc close
        """#,
        roles: #"""
        =================@@@@@@@@@==============================================================================================================================================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh|dllllllllllllllllllddddddddddddddddddddddddddddddddddddddddddddd
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXXXXXXXXXXXXXXXdddddddddddddddddddddddddd
        C................................................................................................................CCCCCCCCCC.CCCCC......|dllllllllllllllXXXXXXXXXdddddddddddddddddddddddddddddddddddddddd
        W................................................................................................................WWWWWWWWWW.WWWWW......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        -DDTTTTTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkkfffffffffkkkfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)

    static let bulkReport200x60 = ExpectedFrame(
        scenario: .bulkReport, width: 200, height: 60,
        text: #"""
         netify-licenses  SANDBOX  ✖ 2 expired  ▲ 1 critical  ● 2 warning  7/7 shown  • 2 marked                                                                                         updated 12:00:00 UTC
          SERIAL             ISSUED TO                             ENTITLEMENTS                         TARGET           EXPIRES▲    DAYS RENEW│ 2026-0000-00000004
        ✖ 2026-0000-00000001 Expired GmbH                          lua                                  —                2026-11-24    -3 yes  │ Serial        2026-0000-00000004
        ✖ 2026-0000-00000002 Expires Today Ltd                     lua                                  —                2026-11-27     0 yes  │ Issued to     Café Müller 🐦
        ▲•2026-0000-00000004 Café Müller 🐦                        python                               —                2026-12-03     6 no   │ Expires       2026-12-03 (in 6 days)
        ●•2026-0000-00000005 Acme Inc.                             aggregator,app-sigs                  —                2026-12-17    20 yes  │ Status        ▲ CRITICAL
        ● 2026-0000-00000003 東京ネットワーク株式会社              flow-actions,mqtt                    dev-42           2026-12-27    30 yes  │ Renewable     no
        ✓ 2026-0000-00000006 Later Corp                            aggregator                           —                2027-03-27   120 yes  │ Entitlements  netify-proc-python: The Netify Python binding
        ✓ 2026-0000-00000007 Zürich Mesh AG                        ubus                                 —                2027-06-15   200 yes  │               plugin.
                                                                                                                                               │ Target UID    none (any device)
                                                                                                                                               │ Description   Flow Actions Policy Control
                                                                                                                                               │ Notes
                                                                                                                                               │ Created       2026-10-28 (30 days ago)
                                                                                                                                               │ Version       1
                                                                                                                                               │ Format        object
                                                                                                                                               │
                                                                                                                                               │ As the agent loads it (/etc/netifyd/license.json):
                                                                                                                                               │   {
                                                                                                                                               │     "version": "1",
                                                                                                                                               │     "serial": "2026-0000-00000004",
                                                                                                                                               │     "issued_to": "Café Müller 🐦",
                                                                                                                                               │     "expire_at": {
                                                                                                                                               │       "unix": 1796256000,
                                                                                                                                               │       "date": "2026-12-03"
                                                                                                                                               │     },
                                 ╭─ Bulk renew report ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╮
                                 │ 1 renewed, 1 skipped, 1 failed. What was not renewed stays marked.                                                                                 │
                                 │                                                                                                                                                    │
                                 │ ✓ 2026-0000-00000003 renewed: 2026-11-29 → 2026-12-27, +28 days                                                                                    │
                                 │ - 2026-0000-00000004 skipped: not renewable; issue a new license instead                                                                           │
                                 │ ✖ 2026-0000-00000005 failed: The licensing server failed (503: busy); try again shortly, and contact the service if it persists.                   │
                                 │                                                                                                                                                    │
                                 │ any key closes                                                                                                                                     │
                                 ╰────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────╯
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
                                                                                                                                               │
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                                                                                                                                              3/7
         any key close
        """#,
        roles: #"""
        =================@@@@@@@@@==============================================================================================================================================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh|dllllllllllllllllllddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        X................................................................................................................XXXXXXXXXX.XXXXX......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS|dllllllllllllllCCCCCCCCCCCCCCCCCCCCCCddddddddddddddddddddddddddd
        WMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMWWWWWWWWWWMWWWWWMMMMMM|dllllllllllllllCCCCCCCCCCddddddddddddddddddddddddddddddddddddddd
        W................................................................................................................WWWWWWWWWW.WWWWW......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        O................................................................................................................OOOOOOOOOO.OOOOO......|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dllllllllllllllllllllllllllllllllllllllllllllllllllddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        -------------------------DDTTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        -------------------------DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        ---------------------------------------------------------------------------------------------------------------------------------------|dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkkkkkkkffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)
}
