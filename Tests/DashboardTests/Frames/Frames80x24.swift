// The expected frames at 80x24: FrameTests draws each scenario and compares
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
    static let main80x24 = ExpectedFrame(
        scenario: .main, width: 80, height: 24,
        text: #"""
         netify-licenses  SANDBOX  ✖2 ▲2 ●1  7/7 shown           updated 12:00:00 UTC
          SERIAL             ISSUED TO      ENTITLEMENTS TARGET   EXPIRES▲    DAYS RENEW
        ✖ 2026-0000-00000001 Expired GmbH   lua          —        2026-11-24    -3 yes
        ✖ 2026-0000-00000002 Expires Today… lua          —        2026-11-27     0 yes
        ▲ 2026-0000-00000003 東京ネットワ…  flow-action… dev-42   2026-11-29     2 yes
        ▲ 2026-0000-00000004 Café Müller 🐦 python       —        2026-12-03     6 no
        ● 2026-0000-00000005 Acme Inc.      aggregator,… —        2026-12-17    20 yes
        ✓ 2026-0000-00000006 Later Corp     aggregator   —        2027-03-27   120 yes
        ✓ 2026-0000-00000007 Zürich Mesh AG ubus         —        2027-06-15   200 yes




        ────────────────────────────────────────────────────────────────────────────────
         2026-0000-00000001                                                      ↓ more
         Serial        2026-0000-00000001
         Issued to     Expired GmbH
         Expires       2026-11-24 (3 days ago)
         Status        ✖ EXPIRED
         Renewable     yes
         Entitlements  netify-proc-lua: The Netify Lua binding plugin.
         Target UID    none (any device)
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                      1/7
         ? help  / filter  n next due  r renew  c create  d delete  s sort  tab detail
        """#,
        roles: #"""
        =================@@@@@@@@@======================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS
        X.........................................................XXXXXXXXXX.XXXXX......
        C.........................................................CCCCCCCCCC.CCCCC......
        C.........................................................CCCCCCCCCC.CCCCC......
        W.........................................................WWWWWWWWWW.WWWWW......
        O.........................................................OOOOOOOOOO.OOOOO......
        O.........................................................OOOOOOOOOO.OOOOO......
        --------------------------------------------------------------------------------
        --------------------------------------------------------------------------------
        --------------------------------------------------------------------------------
        --------------------------------------------------------------------------------
        ||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||
        dllllllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddlllllld
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllXXXXXXXXXXXXXXXXXXXXXXXdddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllXXXXXXXXXdddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkfffffffkfffffffffkfffffffffffkffffffffkfffffffffkfffffffffkfffffffkkkfffffffff
        """#)

    static let renew80x24 = ExpectedFrame(
        scenario: .renew, width: 80, height: 24,
        text: #"""
         netify-licenses  SANDBOX  ✖2 ▲2 ●1  7/7 shown           updated 12:00:00 UTC
          SERIAL             ISSUED TO      ENTITLEMENTS TARGET   EXPIRES▲    DAYS RENEW
        ✖ 2026-0000-00000001 Expired GmbH   lua          —        2026-11-24    -3 yes
        ✖ 2026-0000-00000002 Expires Today… lua          —        2026-11-27     0 yes
        ▲ 2026-0000-00000003 東京ネットワ…  flow-action… dev-42   2026-11-29     2 yes
        ▲ 2026-0000-00000004 Café Müller 🐦 python       —        2026-12-03     6 no
        ●╭─ Renew license ────────────────────────────────────────────────────────────╮
        ✓│ License       2026-0000-00000001                                           │
        ✓│ Issued to     Expired GmbH                                                 │
         │ Now expires   2026-11-24 (3 days ago)                                      │
         │ Expires       ◀ key's maximum term ▶  ←/→ change                           │
         │ Result        2026-11-24 → the key's maximum (not known before the reply)  │
         │ Key           the key's maximum (not known yet: learned from the first     │
        ─│               renew or create sent with it, or set max_term_days)          │─
         │                                                                            │
         │ [ Renew ]  enter renew · tab next · esc cancel                             │
         ╰────────────────────────────────────────────────────────────────────────────╯
         Expires       2026-11-24 (3 days ago)
         Status        ✖ EXPIRED
         Renewable     yes
         Entitlements  netify-proc-lua: The Netify Lua binding plugin.
         Target UID    none (any device)
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                      1/7
         tab next field  shift-tab previous  enter send  esc cancel
        """#,
        roles: #"""
        =================@@@@@@@@@======================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS
        X.........................................................XXXXXXXXXX.XXXXX......
        C.........................................................CCCCCCCCCC.CCCCC......
        C.........................................................CCCCCCCCCC.CCCCC......
        WDDTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDDDDDDDDDDDDDDDTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDIIIIIIIIIIIIIIIIIIIIIIDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        |DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD|
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDBBBBBBBBBDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dllllllllllllllXXXXXXXXXXXXXXXXXXXXXXXdddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllXXXXXXXXXdddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkkkfffffffffffffkkkkkkkkkfffffffffffkkkkkfffffffkkkffffffffffffffffffffffffffff
        """#)

    static let renewQuestion80x24 = ExpectedFrame(
        scenario: .renewQuestion, width: 80, height: 24,
        text: #"""
         netify-licenses  SANDBOX  ✖2 ▲2 ●1  7/7 shown           updated 12:00:00 UTC
          SERIAL             ISSUED TO      ENTITLEMENTS TARGET   EXPIRES▲    DAYS RENEW
        ✖ 2026-0000-00000001 Expired GmbH   lua          —        2026-11-24    -3 yes
        ✖ 2026-0000-00000002 Expires Today… lua          —        2026-11-27     0 yes
        ▲ 2026-0000-00000003 東京ネットワ…  flow-action… dev-42   2026-11-29     2 yes
        ▲╭─ Renew license ────────────────────────────────────────────────────────────╮
        ●│ License       2026-0000-00000005                                           │
        ✓│ Issued to     Acme Inc.                                                    │
        ✓│ Now expires   2026-12-17 (in 20 days)                                      │
         │ Expires       ◀ after N days ▶                                             │
         │ Days          10                                                           │
         │ Result        2026-12-17 → 2026-12-07, -10 days                            │
         │                                                                            │
        ─│ Careful: this would move the expiry earlier, from 2026-12-17 to 2026-12-07 │─
         │ (-10 days). Renew anyway?                                                  │
         │ [ No ]   [ Yes, renew anyway ]                                             │
         │ y renews anyway · any other key goes back to the form                      │
         ╰────────────────────────────────────────────────────────────────────────────╯
         Status        ● WARNING
         Renewable     yes
         Entitlements  netify-proc-aggregator: The Netify aggregator plugin.
                       application-signatures: Netify commercial application signature
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                      5/7
         y yes  any other key no
        """#,
        roles: #"""
        =================@@@@@@@@@======================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh
        X.........................................................XXXXXXXXXX.XXXXX......
        X.........................................................XXXXXXXXXX.XXXXX......
        C.........................................................CCCCCCCCCC.CCCCC......
        CDDTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        SDDDDDDDDDDDDDDDDTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDS
        ODDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        -DDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDiiiiiiiiiiiiDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        |DDTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTDD|
        dDDTTTTTTTTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDBBBBBBDDDbbbbbbbbbbbbbbbbbbbbbDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dllllllllllllllWWWWWWWWWdddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkffffffkkkkkkkkkkkkkfffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)

    static let create80x24 = ExpectedFrame(
        scenario: .create, width: 80, height: 24,
        text: #"""
         netify-licenses  SANDBOX  ✖2 ▲2 ●1  7/7 shown           updated 12:00:00 UTC
         ╭─ Create license ───────────────────────────────────────────────────────────╮W
        ✖│ New license                                                                │
        ✖│ ctrl-p starts from 2026-0000-00000001's fields (Expired GmbH) · ctrl-n     │
        ▲│ creates and starts the next device                                         │
        ▲│ Issued to                                                            0/200 │
        ●│ Entitlements  space toggles                                                │
        ✓│   [ ] netify-proc-aggregator     The Netify aggregator plugin.             │
        ✓│   [ ] netify-proc-flow-actions   The Netify flow actions plugin.           │
         │   [ ] netify-proc-dev-discovery  The Netify device discovery plugin.       │
         │   [ ] netify-proc-python         The Netify Python binding plugin.         │
         │   [ ] netify-proc-lua            The Netify Lua binding plugin.            │
         │   [ ] netify-proc-intel          The Netify Intel plugin (pending release… │
        ─│   [ ] netify-sink-mqtt           The Netify message queue (MQTT) plugin.   │─
         │   [ ] netify-sink-ubus           The Netify ubus plugin.                   │
         │   [ ] application-signatures     Netify commercial application signature … │
         │ Expires       ◀ key's maximum term ▶                                       │
         │ Target UID                                                           0/128 │
         │ Description                                                         0/1000 │
         │ Notes                                                               0/4000 │
         │                                                                            │
         │ [ Create ]  enter create · tab next · esc cancel                           │
         ╰────────────────────────────────────────────────────────────────────────────╯
         tab next field  shift-tab previous  enter send  esc cancel
        """#,
        roles: #"""
        =================@@@@@@@@@======================================================
        hDDTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDh
        SDDTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDS
        XDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        CDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        CDDDDDDDDDDDDDDDDSIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIDDDDDDDD.
        WDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        |DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD|
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDd
        dDDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDDd
        dDDDDDDDDDDDDDDDDiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDBBBBBBBBBBDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        tDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDt
        fkkkfffffffffffffkkkkkkkkkfffffffffffkkkkkfffffffkkkffffffffffffffffffffffffffff
        """#)

    static let help80x24 = ExpectedFrame(
        scenario: .help, width: 80, height: 24,
        text: #"""
         netify-licenses  SANDBOX  ✖2 ▲2 ●1  7/7 shown           updated 12:00:00 UTC
         ╭─ Keys — j/k PgUp/PgDn g/G scroll · esc ? q close · 1–19 of 71 ─────────────╮W
        ✖│ Actions                                                                    │
        ✖│ r                  Renew the selected license, or every marked one         │
        ▲│ c                  Create a license                                        │
        ▲│ i                  Re-issue the selected license (another device or        │
        ●│                    entitlements; asks first)                               │
        ✓│ d                  Delete the selected license (asks first)                │
        ✓│ space              Mark or unmark the selected license, and move down      │
         │ a                  Mark every license shown                                │
         │ u                  Clear all marks                                         │
         │ y                  Copy the selected serial to the clipboard (OSC 52: over │
         │                    ssh, in tmux)                                           │
        ─│ Y                  Copy the license file the agent loads (netifyd JSON)    │─
         │ /                  Filter as you type; esc clears                          │
         │ :                  A view (:due :expired :critical :warning :ok :all),     │
         │                    :log or :SERIAL                                         │
         │ n                  Next license due for renewal, as renew --due sees it    │
         │ N                  Previous license due for renewal                        │
         │ f5 ctrl-r          Refresh now                                             │
         │ h                  The change journal: every create, renew and delete,     │
         │                                                                           ↓│
         ╰────────────────────────────────────────────────────────────────────────────╯
         ↑↓ scroll  esc close
        """#,
        roles: #"""
        =================@@@@@@@@@======================================================
        hDDTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDh
        SDDTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDS
        XDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        CDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        CDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        WDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        |DDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD|
        dDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDTDd
        tDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDt
        fkkfffffffffkkkfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)

    static let bulkReport80x24 = ExpectedFrame(
        scenario: .bulkReport, width: 80, height: 24,
        text: #"""
         netify-licenses  SANDBOX  ✖2 ▲1 ●2  7/7 shown  • 2 marked           12:00:00
          SERIAL             ISSUED TO      ENTITLEMENTS TARGET   EXPIRES▲    DAYS RENEW
        ✖ 2026-0000-00000001 Expired GmbH   lua          —        2026-11-24    -3 yes
        ✖ 2026-0000-00000002 Expires Today… lua          —        2026-11-27     0 yes
        ▲•2026-0000-00000004 Café Müller 🐦 python       —        2026-12-03     6 no
        ●•2026-0000-00000005 Acme Inc.      aggregator,… —        2026-12-17    20 yes
        ● 2026-0000-00000003 東京ネットワ…  flow-action… dev-42   2026-12-27    30 yes
        ✓╭─ Bulk renew report ────────────────────────────────────────────────────────╮
        ✓│ 1 renewed, 1 skipped, 1 failed. What was not renewed stays marked.         │
         │                                                                            │
         │ ✓ 2026-0000-00000003 renewed: 2026-11-29 → 2026-12-27, +28 days            │
         │ - 2026-0000-00000004 skipped: not renewable; issue a new license instead   │
         │ ✖ 2026-0000-00000005 failed: The licensing server failed (503: busy); try  │
        ─│   again shortly, and contact the service if it persists.                   │─
         │                                                                            │
         │ any key closes                                                             │
         ╰────────────────────────────────────────────────────────────────────────────╯
         Expires       2026-12-03 (in 6 days)
         Status        ▲ CRITICAL
         Renewable     no
         Entitlements  netify-proc-python: The Netify Python binding plugin.
         Target UID    none (any device)
         Sorted by expires ▲ · critical ≤ 7 d · warning ≤ 30 d                      3/7
         any key close
        """#,
        roles: #"""
        =================@@@@@@@@@======================================================
        hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhHHHHHHHHHHhhhhhhhhhhhh
        X.........................................................XXXXXXXXXX.XXXXX......
        X.........................................................XXXXXXXXXX.XXXXX......
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS
        WMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMWWWWWWWWWWMWWWWWMMMMMM
        W.........................................................WWWWWWWWWW.WWWWW......
        ODDTTTTTTTTTTTTTTTTTTTDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD.
        ODDTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTDDDDDDDDDD.
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD-
        -DDeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeDDD-
        |DDeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeDDDDDDDDDDDDDDDDDDDD|
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDd
        dllllllllllllllCCCCCCCCCCCCCCCCCCCCCCddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllCCCCCCCCCCddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        dllllllllllllllddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
        tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt
        fkkkkkkkffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
        """#)
}
