"""Italian sentences and the parties accordi must find in them (canonical names as the text writes them).

Each case: (text, parties, checks)
- parties: canonical names that must come out as live parties (ORG or PER, at least one mention not excluded);
- checks: optional dict with
  "absent":   canonical names that must NOT be live parties (advisors, newspapers, products, places, people);
  "alias":    {surface text: canonical} — that surface must be a mention of that party;
  "excluded": {surface text: reason} — that surface must be a mention excluded for that reason.
"""

CASES = [
    # --- gazetteer names, legal forms, short forms -------------------------------------------------
    ("Poste Italiane S.p.A. ha acquistato il 15% di Tim da Vivendi.", {"Poste Italiane S.p.A.", "Tim", "Vivendi"}, {}),
    (
        "Poste Italiane ha firmato l'accordo. Poste salirà al 24,8%.",
        {"Poste Italiane"},
        {"alias": {"Poste": "Poste Italiane"}},
    ),
    ("Enel S.p.A. ha ceduto il 10% di Open Fiber a Cdp Equity.", {"Enel S.p.A.", "Open Fiber", "Cdp Equity"}, {}),
    ("Il gruppo Leonardo Spa ha chiuso l'accordo con Fincantieri.", {"Leonardo Spa", "Fincantieri"}, {}),
    (
        "Intesa Sanpaolo e UniCredit hanno concesso un finanziamento a Webuild.",
        {"Intesa Sanpaolo", "UniCredit", "Webuild"},
        {},
    ),
    ("Banco BPM ha rilevato una quota di Anima Holding.", {"Banco BPM", "Anima Holding"}, {}),
    ("Mps e Mediobanca hanno annunciato la fusione.", {"Mps", "Mediobanca"}, {}),
    ("Stellantis N.V. ha siglato una joint venture con Leapmotor.", {"Stellantis N.V.", "Leapmotor"}, {}),
    ("Prysmian ha completato l'acquisizione di Encore Wire Corp.", {"Prysmian", "Encore Wire Corp."}, {}),
    ("Microsoft Corporation investirà 10 miliardi in OpenAI.", {"Microsoft Corporation", "OpenAI"}, {}),
    ("Generali ha comprato la spagnola Liberty Seguros per 2,3 miliardi.", {"Generali", "Liberty Seguros"}, {}),
    ("Telecom Italia ha venduto la rete a KKR.", {"Telecom Italia", "KKR"}, {}),
    (
        "Il consiglio di Gruppo TIM ha approvato la cessione. TIM incasserà 18,8 miliardi.",
        {"Gruppo TIM"},
        {"alias": {"TIM": "Gruppo TIM"}},
    ),
    ("Iveco Group ha ceduto IDV a Leonardo per 1,7 miliardi.", {"Iveco Group", "IDV", "Leonardo"}, {}),
    ("Softbank investirà in OpenAI insieme a Oracle e MGX.", {"Softbank", "OpenAI", "Oracle", "MGX"}, {}),
    ("Amplifon ha acquisito una catena di negozi in Spagna.", {"Amplifon"}, {"absent": {"Spagna"}}),
    ("Eni ha venduto il 25% di Enilive al fondo KKR.", {"Eni", "Enilive", "KKR"}, {}),
    ("Nexi ha ceduto la divisione a Tpg.", {"Nexi"}, {}),
    ("Saipem e Subsea7 hanno firmato l'accordo di fusione.", {"Saipem"}, {}),
    ("A2A ha rilevato le reti di Edison.", {"A2A", "Edison"}, {}),
    ("F2i ha acquistato il 55% dell'aeroporto di Trieste.", {"F2i"}, {}),
    (
        "Cassa Depositi e Prestiti ha sottoscritto l'aumento di capitale di Fincantieri.",
        {"Cassa Depositi e Prestiti", "Fincantieri"},
        {},
    ),
    ("Il Mef ha venduto il 15% di Mps.", {"Mef", "Mps"}, {}),
    ("Invitalia entrerà nel capitale di Acciaierie d'Italia.", {"Invitalia", "Acciaierie d'Italia"}, {}),
    ("Campari ha acquisito Courvoisier da Beam Suntory.", {"Campari", "Courvoisier", "Beam Suntory"}, {}),
    ("Prada ha comprato Versace da Capri Holdings.", {"Prada", "Versace", "Capri Holdings"}, {}),
    ("EssilorLuxottica ha rilevato una quota di Meta.", {"EssilorLuxottica"}, {}),
    ("Mfe ha lanciato un'offerta su ProSiebenSat.1.", {"Mfe", "ProSiebenSat.1"}, {}),
    ("Blackstone ha presentato un'offerta per Wind.", {"Blackstone", "Wind"}, {}),
    ("Amazon investirà altri 4 miliardi in Anthropic.", {"Amazon", "Anthropic"}, {}),
    ("Nvidia investirà fino a 100 miliardi di dollari in OpenAI.", {"Nvidia", "OpenAI"}, {}),
    ("Bending Spoons ha comprato Vimeo e Aol.", {"Bending Spoons", "Vimeo", "Aol"}, {}),
    ("Satispay ha raccolto 93 milioni da Tencent e Square.", {"Satispay", "Tencent", "Square"}, {}),
    ("DAZN e Sky hanno ottenuto i diritti della Serie A.", {"DAZN", "Sky"}, {}),
    ("Iliad e Fastweb hanno firmato un accordo sulla rete mobile.", {"Iliad", "Fastweb"}, {}),
    ("Lufthansa ha acquisito il 41% di Ita Airways.", {"Lufthansa", "Ita Airways"}, {}),
    ("Unipol ha lanciato un'offerta su Bper Banca.", {"Unipol", "Bper Banca"}, {}),
    ("Ferrovie dello Stato e Anas hanno firmato un contratto.", {"Ferrovie dello Stato", "Anas"}, {}),
    ("Snam ha comprato il 49,9% di Adnoc Gas Pipelines.", {"Snam"}, {}),
    ("Juventus ha ceduto il giocatore al Real Madrid.", {"Juventus", "Real Madrid"}, {}),
    # --- acronyms defined in the text ------------------------------------------------------------
    (
        "OpenAI userà i server di Amazon Web Services (AWS). AWS fornirà la capacità.",
        {"OpenAI", "Amazon Web Services"},
        {"alias": {"AWS": "Amazon Web Services"}},
    ),
    (
        "Enel ha ceduto il 10% a Cdp Equity S.p.A. (“Cdpe”). Cdpe pagherà 530 milioni.",
        {"Enel", "Cdp Equity S.p.A."},
        {"alias": {"Cdpe": "Cdp Equity S.p.A."}},
    ),
    # a defined term repeated often enough to look like a name of its own is still the alias
    (
        "Enel ha ceduto il 10% a Cdp Equity S.p.A. (“Cdpe”). Cdpe pagherà 530 milioni. Cdpe ha firmato. Poi Cdpe ha pagato.",
        {"Enel", "Cdp Equity S.p.A."},
        {"alias": {"Cdpe": "Cdp Equity S.p.A."}, "absent": {"Cdpe"}},
    ),
    (
        'Alfa Beta Gamma S.r.l. (di seguito "Agb") ha firmato con Enel. Agb pagherà 3 milioni.',
        {"Alfa Beta Gamma S.r.l.", "Enel"},
        {"alias": {"Agb": "Alfa Beta Gamma S.r.l."}, "absent": {"Agb"}},
    ),
    (
        "Il fondo Borealis Capital Partners (in breve, «Borealis») ha firmato con Enel. Borealis pagherà 3 milioni.",
        {"Borealis Capital Partners", "Enel"},
        {"alias": {"Borealis": "Borealis Capital Partners"}, "absent": {"Borealis"}},
    ),
    (
        'Enel ha detto "Siamo contenti" ai giornalisti dopo l\'accordo con Terna.',
        {"Enel"},
        {"absent": {"Siamo contenti", "Siamo"}},
    ),
    (
        "La quota va a Macquarie Infrastructure & Real Assets (“Mira”). Mira pagherà 2,6 miliardi.",
        {"Macquarie Infrastructure & Real Assets"},
        {"alias": {"Mira": "Macquarie Infrastructure & Real Assets"}},
    ),
    (
        "Thales e l'Agenzia spaziale italiana (Asi) hanno firmato un contratto. L'Asi pagherà 200 milioni.",
        {"Thales", "Agenzia spaziale italiana"},
        {"alias": {"Asi": "Agenzia spaziale italiana"}},
    ),
    (
        "Nasce Leonardo Rheinmetall Military Vehicles (Lrmv). Lrmv fornirà i carri.",
        {"Leonardo Rheinmetall Military Vehicles"},
        {"alias": {"Lrmv": "Leonardo Rheinmetall Military Vehicles"}},
    ),
    (
        "Il fondo Energy Infrastructure Partners (Eip) ha rilevato il 49%. Eip pagherà 2 miliardi.",
        {"Energy Infrastructure Partners"},
        {"alias": {"Eip": "Energy Infrastructure Partners"}},
    ),
    (
        "Leonardo ha offerto di acquisire Iveco Defence Vehicles. L'interesse per Idv è forte.",
        {"Leonardo", "Iveco Defence Vehicles"},
        {"alias": {"Idv": "Iveco Defence Vehicles"}},
    ),
    (
        "Gli Italian Angels for Growth (Iag) hanno investito 2 milioni. Iag guiderà il round.",
        {"Italian Angels for Growth"},
        {"alias": {"Iag": "Italian Angels for Growth"}},
    ),
    # --- epithets from the gazetteer ----------------------------------------------------------------
    (
        "Il Cane a sei zampe ha firmato un accordo con Petronas.",
        {"Eni", "Petronas"},
        {"alias": {"Cane a sei zampe": "Eni"}},
    ),
    (
        "Il Biscione ha alzato l'offerta per ProSiebenSat.1.",
        {"MFE-MediaForEurope", "ProSiebenSat.1"},
        {"alias": {"Biscione": "MFE-MediaForEurope"}},
    ),
    (
        "Piazzetta Cuccia ha respinto l'offerta di Mps.",
        {"Mediobanca", "Mps"},
        {"alias": {"Piazzetta Cuccia": "Mediobanca"}},
    ),
    (
        "Il Leone di Trieste ha rilevato una compagnia spagnola.",
        {"Generali"},
        {"alias": {"Leone di Trieste": "Generali"}},
    ),
    (
        "La casa di Maranello ha firmato un nuovo sponsor con Hp.",
        {"Ferrari"},
        {"alias": {"casa di Maranello": "Ferrari"}},
    ),
    (
        "La società di Redmond investirà 80 miliardi nei data center.",
        {"Microsoft"},
        {"alias": {"società di Redmond": "Microsoft"}},
    ),
    ("Il colosso di Cupertino ha comprato una startup di AI.", {"Apple"}, {"alias": {"colosso di Cupertino": "Apple"}}),
    (
        "Eni ha firmato l'intesa. Il Cane a sei zampe investirà 3 miliardi.",
        {"Eni"},
        {"alias": {"Cane a sei zampe": "Eni"}},
    ),
    # --- descriptions resolved in the article ------------------------------------------------------
    (
        "OpenAI ha firmato con Oracle. L'intesa segna la strategia dell'azienda guidata da Sam Altman.",
        {"OpenAI", "Oracle"},
        {"alias": {"azienda guidata da Sam Altman": "OpenAI"}, "absent": {"Sam Altman"}},
    ),
    (
        "Microsoft resta il partner principale: il legame con il colosso di Satya Nadella resta forte.",
        {"Microsoft"},
        {"alias": {"colosso di Satya Nadella": "Microsoft"}},
    ),
    (
        "Microsoft perde l'esclusiva come fornitore per la creatura dietro ChatGPT.",
        {"Microsoft", "OpenAI"},
        {"alias": {"creatura dietro ChatGPT": "OpenAI"}},
    ),
    (
        "Mfe ha alzato l'offerta dell'azienda guidata da Pier Silvio Berlusconi.",
        {"Mfe"},
        {"alias": {"azienda guidata da Pier Silvio Berlusconi": "Mfe"}},
    ),
    (
        "Amazon finanzia Anthropic. Il colosso dell'e-commerce ha investito 8 miliardi.",
        {"Amazon", "Anthropic"},
        {"alias": {"colosso dell'e-commerce": "Amazon"}},
    ),
    (
        "Poste ha comprato il 15% di Tim da Vivendi. Il gruppo francese manterrà il 2,5%.",
        {"Poste", "Tim", "Vivendi"},
        {"alias": {"gruppo francese": "Vivendi"}},
    ),
    (
        "Poste ha comprato una quota di Tim. Poste diventa il primo azionista dell'operatore telefonico italiano.",
        {"Poste", "Tim"},
        {"alias": {"operatore telefonico italiano": "Tim"}},
    ),
    (
        "Leonardo ha presentato, insieme alla tedesca Rheinmetall, un'offerta per Idv.",
        {"Leonardo", "Rheinmetall"},
        {"alias": {"tedesca": "Rheinmetall"}},
    ),
    (
        "Nvidia, il gigante statunitense dei chip, ha investito in OpenAI.",
        {"Nvidia", "OpenAI"},
        {"alias": {"gigante statunitense dei chip": "Nvidia"}},
    ),
    (
        "Il colosso degli investimenti giapponese Softbank investirà 25 miliardi.",
        {"Softbank"},
        {"alias": {"colosso degli investimenti giapponese": "Softbank"}},
    ),
    (
        "Nvidia ha investito 700 milioni nella startup britannica di data center Nscale.",
        {"Nvidia", "Nscale"},
        {"alias": {"startup britannica di data center": "Nscale"}},
    ),
    (
        "Il fondo americano, Blackstone, ha deciso di presentare un'offerta per Wind.",
        {"Blackstone", "Wind"},
        {"alias": {"fondo americano": "Blackstone"}},
    ),
    (
        "Tim ha venduto la rete al gestore delle risorse statunitense KKR.",
        {"Tim", "KKR"},
        {"alias": {"gestore delle risorse statunitense": "KKR"}},
    ),
    (
        "Ppf, l'altro azionista di rilievo del gruppo, ha confermato la sua offerta.",
        {"Ppf"},
        {"alias": {"altro azionista": "Ppf"}},
    ),
    (
        "Campari ha finalizzato l'acquisizione. Il gruppo italiano di liquori ha pagato 1,2 miliardi.",
        {"Campari"},
        {"alias": {"gruppo italiano di liquori": "Campari"}},
    ),
    (
        "Eni sarà il nuovo sponsor della Serie A al posto di Tim. Il gruppo petrolifero pagherà 22 milioni.",
        {"Eni", "Tim"},
        {"alias": {"gruppo petrolifero": "Eni"}},
    ),
    (
        "Eni ha superato Tim nella gara: la compagnia telefonica aveva offerto 19 milioni.",
        {"Eni", "Tim"},
        {"alias": {"compagnia telefonica": "Tim"}},
    ),
    (
        "OpenAI ha firmato con AWS. L'azienda ha completato la ristrutturazione e ha siglato un patto con Microsoft.",
        {"OpenAI", "AWS", "Microsoft"},
        {"alias": {"L'azienda": "OpenAI"}},
    ),
    (
        "Bending Spoons ha comprato Aol da Yahoo. Il colosso tecnologico italiano aveva già comprato Vimeo.",
        {"Bending Spoons", "Aol", "Yahoo"},
        {"alias": {"colosso tecnologico italiano": "Bending Spoons"}},
    ),
    (
        "Prysmian ha comprato la statunitense Encore Wire. Il gruppo milanese ha pagato 4,2 miliardi.",
        {"Prysmian", "Encore Wire"},
        {"alias": {"gruppo milanese": "Prysmian"}},
    ),
    (
        "Mediobanca ha ricevuto l'offerta di Mps. L'istituto milanese ha respinto la proposta.",
        {"Mediobanca", "Mps"},
        {"alias": {"istituto milanese": "Mediobanca"}},
    ),
    (
        "A2A ha comprato le reti di Edison. La multiutility lombarda pagherà 1,2 miliardi.",
        {"A2A", "Edison"},
        {"alias": {"multiutility lombarda": "A2A"}},
    ),
    (
        "Ubisoft ha ceduto una quota a Tencent. L'editore francese incasserà 1,2 miliardi.",
        {"Ubisoft", "Tencent"},
        {"alias": {"editore francese": "Ubisoft"}},
    ),
    (
        "Kyma Health ha raccolto 5 milioni. La startup milanese userà i fondi per crescere.",
        {"Kyma Health"},
        {"alias": {"startup milanese": "Kyma Health"}},
    ),
    (
        "Softbank ha investito 1,5 miliardi in OpenAI: Una società di investimenti giapponese crede nell'AI.",
        {"Softbank", "OpenAI"},
        {"alias": {"Una società di investimenti giapponese": "Softbank"}},
    ),
    (
        "Aol, America Online, è stata acquistata da Bending Spoons.",
        {"America Online", "Bending Spoons"},
        {"alias": {"Aol": "America Online"}},
    ),
    ("Il gruppo Prada ha completato la sua più grande acquisizione.", {"Prada"}, {}),
    # --- unknown organisations (no gazetteer) -------------------------------------------------------
    ("Thrive Capital e SoftBank hanno partecipato al round.", {"Thrive Capital", "SoftBank"}, {}),
    (
        "Hanno partecipato Endeavor Catalyst, Greyhound Capital, Banca Valsabbina, Sparkasse e Banca di Piacenza.",
        {"Endeavor Catalyst", "Greyhound Capital", "Banca Valsabbina", "Sparkasse", "Banca di Piacenza"},
        {},
    ),
    ("Valdimar Packaging S.r.l. è stata ceduta al fondo Permira.", {"Valdimar Packaging S.r.l.", "Permira"}, {}),
    ("Lunaria Energia ha firmato un contratto di fornitura con Acque Padane.", {"Lunaria Energia"}, {}),
    (
        "Helvetia Equity Partners ha rilevato il 60% di Valmetal.",
        {"Helvetia Equity Partners"},
        {"absent": {"Helvetia"}},
    ),
    ("Tessera Infra Spa ha acquisito Dolcevita.", {"Tessera Infra Spa"}, {}),
    (
        "Il fondo ha ceduto Courvoisier. Campari detiene ora Courvoisier Holding France SAS.",
        {"Courvoisier Holding France SAS", "Campari"},
        {"alias": {"Courvoisier": "Courvoisier Holding France SAS"}},
    ),
    ("Hanno venduto la quota la famiglia Kerr e il fondo L Catterton.", {"famiglia Kerr"}, {}),
    ("Nella vendita anche la famiglia fondatrice Marchetto.", {"famiglia fondatrice Marchetto"}, {}),
    ("Tra i soci entrano anche Tim e Lgt, il family office del Liechtenstein.", {"Tim", "Lgt"}, {}),
    # --- traps: advisors ---------------------------------------------------------------------------
    (
        "Leonardo ha acquisito la società, con Ubs come advisor finanziario.",
        {"Leonardo"},
        {"absent": {"Ubs"}, "excluded": {"Ubs": "advisor"}},
    ),
    (
        "La società Dolcevita è assistita da Mediobanca e dallo studio Chiomenti.",
        {"Dolcevita"},
        {"absent": {"Mediobanca"}},
    ),
    (
        "L'offerta è adeguata secondo le valutazioni dei consulenti di Morgan Stanley e Goldman Sachs.",
        set(),
        {"absent": {"Morgan Stanley", "Goldman Sachs"}},
    ),
    (
        "Cvc ha comprato Recordati; Cvc è assistita da Lazard e Rothschild.",
        {"Recordati"},
        {"absent": {"Lazard", "Rothschild"}},
    ),
    ("Eni ha venduto la quota ad Ares, che si è affidata a Goldman Sachs.", {"Eni"}, {"absent": {"Goldman Sachs"}}),
    (
        "Leonardo ha attivato consulenze con istituti finanziari internazionali – tra cui Ubs – per l'operazione.",
        {"Leonardo"},
        {"absent": {"Ubs"}},
    ),
    (
        "Rothschild e Mediobanca, advisor del venditore, hanno gestito l'asta per Permira.",
        {"Permira"},
        {"absent": {"Mediobanca"}},
    ),
    ("Per L Catterton hanno lavorato Bofa e Rothschild.", {"L Catterton"}, {"absent": {"Rothschild"}}),
    # --- traps: news sources -----------------------------------------------------------------------
    (
        "Secondo il Financial Times, Microsoft otterrà il 30% di OpenAI.",
        {"Microsoft", "OpenAI"},
        {"absent": {"Financial Times"}, "excluded": {"Financial Times": "news_source"}},
    ),
    (
        "Bloomberg ha scritto che Apple tratta l'acquisto di Perplexity.",
        {"Apple", "Perplexity"},
        {"absent": {"Bloomberg"}},
    ),
    ("Lo riporta Reuters: Enel cederà gli asset in Perù.", {"Enel"}, {"absent": {"Reuters"}}),
    ("KKR ha comprato la rete fissa. (ANSA)", {"KKR"}, {"absent": {"ANSA"}}),
    # datelines: whatever the agency's kind, even when unknown; several names in one bracket
    (
        "MILANO, 3 mar (Reuters) - Enel ha firmato con Terna un accordo.",
        {"Enel", "Terna"},
        {"absent": {"Reuters"}, "excluded": {"Reuters": "news_source"}},
    ),
    (
        "Titolo\nMilano, 5 giu (Il Sole 24 Ore Radiocor) - Eni ha ceduto il 10% a Snam.",
        {"Eni", "Snam"},
        {"absent": {"Il Sole 24 Ore"}, "excluded": {"Radiocor": "news_source"}},
    ),
    (
        "ROMA (Nordest Notizie Agenzia) – Eni ha ceduto il 10% a Snam.",
        {"Eni", "Snam"},
        {"absent": {"Nordest Notizie Agenzia"}},
    ),
    (
        "© Agenzia Nova - Riproduzione riservata. Eni ha ceduto il 10% a Snam.",
        {"Eni", "Snam"},
        {"absent": {"Agenzia Nova"}},
    ),
    # a word that is no name alone continues a known name before a capital ("Serie A")
    (
        "L’assemblea della Lega Basket Serie A (Lba) ha approvato l’offerta di Dazn.",
        {"Lega Basket Serie A", "Dazn"},
        {"alias": {"Lba": "Lega Basket Serie A"}},
    ),
    # a bracket followed by a dash in the middle of a sentence is no dateline
    (
        "Eni ha firmato con Snam e con Libeccio Energia (Libeccio) - un accordo da 3 milioni.",
        {"Eni", "Snam", "Libeccio Energia"},
        {"alias": {"Libeccio": "Libeccio Energia"}},
    ),
    # a source cue reaches the first name after it only, and never across a new clause
    ("Secondo il quotidiano Handelsblatt Eni tratta con Snam.", {"Eni", "Snam"}, {"absent": {"Handelsblatt"}}),
    (
        "Secondo il Financial Times Eni tratta con Snam. Il quotidiano britannico aggiunge che Terna è interessata.",
        {"Eni", "Snam", "Terna"},
        {"absent": {"Financial Times"}},
    ),
    # an epithet of a party named only as a source is a source too
    (
        "Lo scrive la Rai. Secondo la tv di Stato, Eni avrebbe ceduto il 10% a Snam.",
        {"Eni", "Snam"},
        {"absent": {"Rai"}, "excluded": {"la tv di Stato": "news_source"}},
    ),
    (
        "Secondo il New York Times la clausola resterà nel nuovo accordo tra Microsoft e OpenAI.",
        {"Microsoft", "OpenAI"},
        {"absent": {"New York Times"}},
    ),
    (
        "L'interesse per Biscottificio Langhe è stato riportato nei giorni scorsi dal Corriere della Sera.",
        set(),
        {"absent": {"Corriere della Sera"}},
    ),
    (
        "Come scrive Il Sole 24 Ore, Unicredit ha presentato un'offerta per Banco BPM.",
        {"Unicredit", "Banco BPM"},
        {"absent": {"Il Sole 24 Ore"}},
    ),
    (
        "Mediaset ha ceduto Mediaset Premium a Sky, rivela Milano Finanza.",
        {"Mediaset", "Sky"},
        {"absent": {"Milano Finanza"}},
    ),
    ("Gedi ha venduto La Stampa al gruppo Sae.", {"Gedi", "La Stampa"}, {}),
    (
        "Il quotidiano Handelsblatt ha rivelato che Commerzbank tratta con UniCredit.",
        {"Commerzbank", "UniCredit"},
        {"absent": {"Handelsblatt"}},
    ),
    (
        "Lo studio BonelliErede ha assistito Eni nella cessione della quota a Snam.",
        {"Eni", "Snam"},
        {"absent": {"BonelliErede"}, "excluded": {"BonelliErede": "advisor"}},
    ),
    # --- traps: products ---------------------------------------------------------------------------
    (
        "OpenAI avrà accesso a centinaia di migliaia di GPU NVIDIA per i suoi modelli.",
        {"OpenAI"},
        {"absent": {"NVIDIA"}, "excluded": {"NVIDIA": "product"}},
    ),
    ("Milioni di utenti usano ChatGPT ogni giorno.", set(), {"absent": {"OpenAI"}, "excluded": {"ChatGPT": "product"}}),
    (
        "OpenAI spenderà 250 miliardi per i servizi Azure di Microsoft.",
        {"OpenAI", "Microsoft"},
        {"excluded": {"Azure": "product"}, "alias": {"Azure": "Microsoft"}},
    ),
    ("Microsoft non avrà più accesso ai modelli GPT.", {"Microsoft"}, {"absent": {"OpenAI"}}),
    ("I data center saranno dotati di milioni di GPU targate Nvidia.", set(), {"absent": {"Nvidia"}}),
    ("La startup ha messo a disposizione i processori grafici NVIDIA.", set(), {"absent": {"NVIDIA"}}),
    ("Satispay ha debuttato anche su Huawei App Gallery.", {"Satispay"}, {"absent": {"Huawei"}}),
    # --- traps: people and places ------------------------------------------------------------------
    ("Bending Spoons è guidata da Luca Ferrari.", {"Bending Spoons"}, {"absent": {"Ferrari"}}),
    ("Tim Cook ha presentato il nuovo iPhone.", set(), {"absent": {"Tim", "Apple"}}),
    ("Leonardo Del Vecchio ha rafforzato la sua quota.", set(), {"absent": {"Leonardo"}}),
    ("Jensen Huang, CEO di Nvidia, ha lodato l'accordo con OpenAI.", {"Nvidia", "OpenAI"}, {}),
    ("Il gruppo di Lugano ha rilevato Valmetal.", set(), {"absent": {"Lugano"}}),
    (
        "La società ha sede a Castelfranco Veneto e opera in Germania.",
        set(),
        {"absent": {"Castelfranco Veneto", "Germania"}},
    ),
    ("Sia la Consob sia la Bce hanno approvato.", {"Consob", "Bce"}, {"absent": {"Sia"}}),
    ("Intesa raggiunta tra le parti: Snam compra il 20% di Adnoc.", {"Snam"}, {"absent": {"Intesa"}}),
    ("Paolo Scaroni è presidente del Milan. Scaroni ha guidato Enel.", {"Enel"}, {"absent": {"Scaroni"}}),
    # --- listing venues are not parties ------------------------------------------------------------
    ("Ieri Ferrari si è quotata su Euronext Milan.", {"Ferrari"}, {"excluded": {"Euronext Milan": "venue"}}),
    (
        "Mediobanca e Banca Akros saranno i coordinatori globali dell'offerta di Ferrari.",
        {"Ferrari"},
        {"excluded": {"Banca Akros": "advisor"}},
    ),
    # --- the other side of a deal word is an organisation -------------------------------------------
    ("Ieri Eni ha approvato la cessione a Zefiro Recuperi di un portafoglio.", {"Eni", "Zefiro Recuperi"}, {}),
    ("Eni ha rinnovato l'accordo con Pallavolo Castellana per due anni.", {"Eni", "Pallavolo Castellana"}, {}),
    ("Eni ha aperto una sede a Castelfranco Veneto.", {"Eni"}, {"absent": {"Castelfranco Veneto"}}),
    ("Generali sarà sponsor ufficiale degli Europei femminili del 2026.", {"Generali"}, {"absent": {"Europei"}}),
]
