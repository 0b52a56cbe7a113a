//! The decision rules of the rulebook (§14.2, with the §16 audit corrections) as a table of cases over the
//! shipped data files: each boundary on both sides (ages, amounts, employees per legal form, regions,
//! crater, opening and closing dates). A failing case names itself, its answers and what came out.

use microwork_core::date::{Date, parse_iso};
use microwork_core::questionnaire::Answers;
use microwork_core::rules::{CriterionState, NoteKind, Outcome, REVIEW_DUE, RateBasis, Rulebook, Status};
use serde_json::{Value, json};
use std::sync::OnceLock;

fn rulebook() -> &'static Rulebook {
    static RB: OnceLock<Rulebook> = OnceLock::new();
    RB.get_or_init(|| {
        Rulebook::from_json(include_str!("../../../public/data/questionnaire.json"), include_str!("../../../public/data/instruments.json"))
            .unwrap_or_else(|e| panic!("shipped data does not load: {e:#?}"))
    })
}

fn date(s: &str) -> Date {
    parse_iso(s).unwrap_or_else(|| panic!("bad date in test: {s}"))
}

const TODAY: &str = "2026-03-10";

/// 28, unemployed, Campania, a new sole-trader business in services needing €40,000.
fn young_south() -> Value {
    json!({"age": 28, "gender": "M", "region": "15", "status": "disoccupato", "unemp_months": "lt12", "gol": "no", "naspi": "no",
           "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0", "amount": 40000,
           "sector": "servizi", "same_ateco": "no"})
}

/// The same person in Lombardy.
fn young_north() -> Value {
    with(young_south(), &[("region", json!("03"))])
}

/// 45, self-employed woman in Emilia-Romagna growing a two-year-old SRLS shop.
fn small_business() -> Value {
    json!({"age": 45, "gender": "F", "region": "08", "status": "autonomo_o_imprenditore", "working_poor": "no", "gol": "no", "naspi": "no",
           "purpose": "sviluppo_attivita_esistente", "stage": "m12_36", "form": "srls", "women_share": "all", "young_share": "none",
           "all_women_or_under36": "si", "innovative": "no", "employees": "e1_5", "amount": 20000, "sector": "commercio",
           "start_date": "2024-01-15"})
}

/// 50, employee in Lazio whose hours were cut, needing €8,000 for family costs.
fn family_need() -> Value {
    json!({"age": 50, "gender": "F", "region": "12", "crater": "no", "status": "dipendente", "working_poor": "no", "gol": "no", "naspi": "no",
           "purpose": "spese_personali_familiari", "vulnerability": ["riduzione_orario"], "amount": 8000})
}

/// 40, self-employed man founding an SRL in Tuscany whose partners are mostly young; €200,000 in industry.
fn on_company() -> Value {
    json!({"age": 40, "gender": "M", "region": "09", "status": "autonomo_o_imprenditore", "working_poor": "no", "gol": "no", "naspi": "no",
           "purpose": "nuova_attivita", "stage": "idea", "form": "srl", "women_share": "le50", "young_share": "gt50",
           "all_women_or_under36": "no", "innovative": "no", "employees": "e1_5", "amount": 200000, "sector": "industria_artigianato"})
}

/// 30, employee founding an all-young innovative SRL in Apulia, €300,000.
fn startup() -> Value {
    json!({"age": 30, "gender": "M", "region": "16", "status": "dipendente", "working_poor": "no", "gol": "no", "naspi": "no",
           "purpose": "nuova_attivita", "stage": "idea", "form": "srl", "women_share": "le50", "young_share": "all",
           "all_women_or_under36": "si", "innovative": "si", "employees": "e0", "amount": 300000, "sector": "ict_innovazione",
           "same_ateco": "no"})
}

/// 30, unemployed when starting a one-person workshop on 1 September 2025.
fn bonus_starter() -> Value {
    json!({"age": 30, "gender": "F", "region": "05", "status": "disoccupato", "unemp_months": "lt12", "gol": "no", "naspi": "no",
           "purpose": "nuova_attivita", "stage": "lt12m", "form": "ditta_individuale", "employees": "e0", "amount": 15000,
           "sector": "industria_artigianato", "start_date": "2025-09-01"})
}

fn with(mut base: Value, changes: &[(&str, Value)]) -> Value {
    for (k, v) in changes {
        base[*k] = v.clone();
    }
    base
}

fn without(mut base: Value, keys: &[&str]) -> Value {
    for k in keys {
        base.as_object_mut().map(|m| m.remove(*k));
    }
    base
}

fn answers(v: &Value) -> Answers {
    rulebook().questionnaire().answers_from_json(&v.to_string()).unwrap_or_else(|e| panic!("bad answers in test: {e:?}\n{v}"))
}

fn outcome(v: &Value, today: &str, instrument: &str) -> Outcome {
    rulebook()
        .assess(&answers(v), date(today))
        .into_iter()
        .find(|o| o.id() == instrument)
        .unwrap_or_else(|| panic!("no instrument {instrument}"))
}

/// One row: answers, date, instrument, expected status, and optionally one criterion's expected state.
struct Row {
    name: &'static str,
    answers: Value,
    today: &'static str,
    instrument: &'static str,
    status: Status,
    criterion: Option<(&'static str, CriterionState)>,
}

fn row(name: &'static str, answers: Value, instrument: &'static str, status: Status) -> Row {
    Row { name, answers, today: TODAY, instrument, status, criterion: None }
}

impl Row {
    fn on(mut self, today: &'static str) -> Row {
        self.today = today;
        self
    }
    fn because(mut self, criterion: &'static str, state: CriterionState) -> Row {
        self.criterion = Some((criterion, state));
        self
    }
}

fn table() -> Vec<Row> {
    use CriterionState::{Met, Unknown, Unmet};
    use Status::{Closed, Eligible, NotEligible, Possible};
    const MC: &str = "microcredito_imprenditoriale";
    const MS: &str = "microcredito_sociale";
    const FG: &str = "fondo_garanzia_microcredito";
    const RS: &str = "resto_al_sud";
    const R2: &str = "resto_al_sud_2";
    const ACN: &str = "autoimpiego_centro_nord";
    const ON: &str = "on_tasso_zero";
    const SE: &str = "selfiemployment";
    const SS: &str = "smart_start";
    const NA: &str = "naspi_anticipata";
    const FIF: &str = "fondo_impresa_femminile";
    const B5: &str = "bonus_under35_settori_strategici";
    let ys = young_south;
    let yn = young_north;
    let j = |v: Value| v;
    vec![
        // 1. Microcredito imprenditoriale: forms, employees per form, €75k / €100k SRL caps, no age limit.
        row("MC: new sole trader, €40k", ys(), MC, Eligible),
        row("MC: €75,000", with(ys(), &[("amount", json!(75000))]), MC, Eligible).because("importo", Met),
        row("MC: €75,001", with(ys(), &[("amount", json!(75001))]), MC, NotEligible).because("importo", Unmet),
        row("MC: SRL €100,000", with(ys(), &[("form", json!("srl")), ("amount", json!(100000))]), MC, Eligible).because("importo", Met),
        row("MC: SRL €100,001", with(ys(), &[("form", json!("srl")), ("amount", json!(100001))]), MC, NotEligible)
            .because("importo", Unmet),
        row(
            "MC: SRLS €75,001 (the €100k cap is for ordinary SRL)",
            with(ys(), &[("form", json!("srls")), ("amount", json!(75001))]),
            MC,
            NotEligible,
        ),
        row("MC: sole trader with 1–5 employees", with(ys(), &[("employees", json!("e1_5"))]), MC, Eligible).because("dipendenti", Met),
        row("MC: sole trader with 6–10 employees", with(ys(), &[("employees", json!("e6_10"))]), MC, NotEligible)
            .because("dipendenti", Unmet),
        row(
            "MC: self-employed with 6–10 employees",
            with(ys(), &[("form", json!("autonomo_professionista")), ("albo", json!("si")), ("employees", json!("e6_10"))]),
            MC,
            NotEligible,
        ),
        row(
            "MC: partnership with 6–10 employees",
            with(ys(), &[("form", json!("soc_persone")), ("employees", json!("e6_10"))]),
            MC,
            Eligible,
        )
        .because("dipendenti", Met),
        row(
            "MC: cooperative with 11–49 employees",
            with(ys(), &[("form", json!("cooperativa")), ("employees", json!("e11_49"))]),
            MC,
            NotEligible,
        )
        .because("dipendenti", Unmet),
        row("MC: SpA excluded", with(ys(), &[("form", json!("spa_altro"))]), MC, NotEligible).because("forma", Unmet),
        row(
            "MC: professional without albo (no Fund guarantee)",
            with(ys(), &[("form", json!("autonomo_professionista")), ("albo", json!("no"))]),
            MC,
            Possible,
        )
        .because("albo", Unmet),
        row("MC: professional with albo", with(ys(), &[("form", json!("autonomo_professionista")), ("albo", json!("si"))]), MC, Eligible),
        row("MC: form not decided", with(ys(), &[("form", json!("non_so"))]), MC, Possible).because("forma", Unknown),
        row("MC: €80,000 with form not decided", with(ys(), &[("form", json!("non_so")), ("amount", json!(80000))]), MC, Possible)
            .because("importo", Unknown),
        row("MC: age 70, no age limit", with(ys(), &[("age", json!(70))]), MC, Eligible),
        row("MC: personal expenses", family_need(), MC, NotEligible).because("progetto_impresa", Unmet),
        row("MC: growing a business older than 5 years", with(small_business(), &[("stage", json!("gt60m"))]), MC, Eligible)
            .because("fase", Met),
        // 2. Microcredito sociale: purpose, vulnerability, €10k.
        row("MS: family need €8,000", family_need(), MS, Eligible),
        row("MS: €10,000", with(family_need(), &[("amount", json!(10000))]), MS, Eligible).because("importo", Met),
        row("MS: €10,001", with(family_need(), &[("amount", json!(10001))]), MS, NotEligible).because("importo", Unmet),
        row("MS: no hardship", with(family_need(), &[("vulnerability", json!(["nessuna"]))]), MS, NotEligible)
            .because("vulnerabilita", Unmet),
        row("MS: business purpose", ys(), MS, NotEligible).because("finalita", Unmet),
        // 3. Fondo di Garanzia: same conditions as rule 1, professionals need the albo.
        row("FG: new sole trader", ys(), FG, Eligible),
        row(
            "FG: professional without albo",
            with(ys(), &[("form", json!("autonomo_professionista")), ("albo", json!("no"))]),
            FG,
            NotEligible,
        )
        .because("albo", Unmet),
        row("FG: €75,001", with(ys(), &[("amount", json!(75001))]), FG, NotEligible),
        // 4. Resto al Sud (original): 18–55, closed from 15 October 2025.
        row("RS: last open day 14 Oct 2025", ys(), RS, Eligible).on("2025-10-14"),
        row("RS: closed on 15 Oct 2025", ys(), RS, Closed).on("2025-10-15"),
        row("RS: age 55 while open", with(ys(), &[("age", json!(55))]), RS, Eligible).on("2025-10-14"),
        row("RS: age 56 while open", with(ys(), &[("age", json!(56))]), RS, NotEligible).on("2025-10-14").because("eta", Unmet),
        // 5. Resto al Sud 2.0.
        row("R2: unemployed 28-year-old in Campania", ys(), R2, Eligible),
        row("R2: not yet open on 14 Oct 2025", ys(), R2, Closed).on("2025-10-14"),
        row("R2: open on 15 Oct 2025", ys(), R2, Eligible).on("2025-10-15"),
        row("R2: age 17", without(with(ys(), &[("age", json!(17))]), &["same_ateco"]), R2, NotEligible).because("maggiore_eta", Unmet),
        row("R2: age 18", with(ys(), &[("age", json!(18))]), R2, Eligible).because("eta", Met),
        row("R2: age 34", with(ys(), &[("age", json!(34))]), R2, Eligible).because("eta", Met),
        row("R2: age 35", without(with(ys(), &[("age", json!(35))]), &["same_ateco"]), R2, NotEligible).because("eta", Unmet),
        row("R2: age 36", without(with(ys(), &[("age", json!(36))]), &["same_ateco"]), R2, NotEligible).because("eta", Unmet),
        row(
            "R2: 40-year-old in a young-majority SRL",
            with(
                ys(),
                &[
                    ("age", json!(40)),
                    ("form", json!("srl")),
                    ("young_share", json!("gt50")),
                    ("women_share", json!("none")),
                    ("all_women_or_under36", json!("no")),
                ],
            ),
            R2,
            Possible,
        )
        .because("eta", Unknown),
        row(
            "R2: SRL without a young majority",
            with(
                ys(),
                &[
                    ("form", json!("srl")),
                    ("young_share", json!("le50")),
                    ("women_share", json!("none")),
                    ("all_women_or_under36", json!("no")),
                ],
            ),
            R2,
            NotEligible,
        )
        .because("maggioranza_giovani", Unmet),
        row("R2: Abruzzo (first of the 8)", with(ys(), &[("region", json!("13"))]), R2, Eligible).because("sede", Met),
        row("R2: Sardinia (last of the 8)", with(ys(), &[("region", json!("20"))]), R2, Eligible).because("sede", Met),
        row("R2: Lombardy", yn(), R2, NotEligible).because("sede", Unmet),
        row("R2: Lazio, crater town", with(ys(), &[("region", json!("12")), ("crater", json!("si"))]), R2, Possible)
            .because("sede", Unknown),
        row("R2: Lazio, crater unknown", with(ys(), &[("region", json!("12")), ("crater", json!("non_so"))]), R2, Possible)
            .because("sede", Unknown),
        row("R2: Lazio, not in the crater", with(ys(), &[("region", json!("12")), ("crater", json!("no"))]), R2, NotEligible)
            .because("sede", Unmet),
        row("R2: €200,000", with(ys(), &[("amount", json!(200000))]), R2, Eligible).because("importo", Met),
        row("R2: €200,001", with(ys(), &[("amount", json!(200001))]), R2, NotEligible).because("importo", Unmet),
        row("R2: inactive", with(ys(), &[("status", json!("inoccupato_inattivo"))]), R2, Eligible).because("condizione", Met),
        row("R2: employee in the no-tax area", with(ys(), &[("status", json!("dipendente")), ("working_poor", json!("si"))]), R2, Eligible)
            .because("condizione", Met),
        row(
            "R2: employee, not working poor, not GOL",
            with(ys(), &[("status", json!("dipendente")), ("working_poor", json!("no"))]),
            R2,
            NotEligible,
        )
        .because("condizione", Unmet),
        row(
            "R2: employee, income unknown",
            with(ys(), &[("status", json!("dipendente")), ("working_poor", json!("non_so"))]),
            R2,
            Possible,
        )
        .because("condizione", Unknown),
        row(
            "R2: employee in GOL",
            with(ys(), &[("status", json!("dipendente")), ("working_poor", json!("no")), ("gol", json!("si"))]),
            R2,
            Eligible,
        )
        .because("condizione", Met),
        row("R2: student (to confirm)", with(ys(), &[("status", json!("studente"))]), R2, Possible).because("condizione", Unknown),
        row(
            "R2: opened last month, not trading",
            with(ys(), &[("stage", json!("appena_aperta")), ("start_date", json!("2026-02-10"))]),
            R2,
            Eligible,
        )
        .because("nuova_iniziativa", Met),
        row(
            "R2: running under 12 months",
            without(with(ys(), &[("stage", json!("lt12m")), ("start_date", json!("2025-06-10"))]), &["same_ateco"]),
            R2,
            NotEligible,
        )
        .because("nuova_iniziativa", Unmet),
        row("R2: same ATECO in the last 6 months", with(ys(), &[("same_ateco", json!("si"))]), R2, NotEligible)
            .because("stesso_ateco", Unmet),
        row("R2: same ATECO unknown", with(ys(), &[("same_ateco", json!("non_so"))]), R2, Possible).because("stesso_ateco", Unknown),
        row("R2: primary farming", with(ys(), &[("sector", json!("agricoltura_primaria"))]), R2, NotEligible).because("settore", Unmet),
        row("R2: food processing", with(ys(), &[("sector", json!("trasformazione_agroalimentare"))]), R2, Eligible).because("settore", Met),
        row(
            "R2: SpA",
            with(
                ys(),
                &[
                    ("form", json!("spa_altro")),
                    ("young_share", json!("all")),
                    ("women_share", json!("none")),
                    ("all_women_or_under36", json!("si")),
                ],
            ),
            R2,
            NotEligible,
        )
        .because("forma", Unmet),
        row("R2: age not given", without(ys(), &["age", "same_ateco"]), R2, Possible).because("eta", Unknown),
        // 6. Autoimpiego Centro-Nord: the same rules in the 12 other regions.
        row("ACN: unemployed 28-year-old in Lombardy", yn(), ACN, Eligible),
        row("ACN: Campania", ys(), ACN, NotEligible).because("sede", Unmet),
        row("ACN: Lazio, crater does not matter", with(ys(), &[("region", json!("12")), ("crater", json!("si"))]), ACN, Eligible)
            .because("sede", Met),
        row("ACN: Piedmont (first)", with(ys(), &[("region", json!("01"))]), ACN, Eligible),
        row("ACN: Marche (last)", with(ys(), &[("region", json!("11")), ("crater", json!("no"))]), ACN, Eligible),
        row("ACN: age 35", without(with(yn(), &[("age", json!(35))]), &["same_ateco"]), ACN, NotEligible).because("eta", Unmet),
        row("ACN: €200,001", with(yn(), &[("amount", json!(200001))]), ACN, NotEligible).because("importo", Unmet),
        row("ACN: not yet open on 14 Oct 2025", yn(), ACN, Closed).on("2025-10-14"),
        // 7. ON – Oltre Nuove imprese a tasso zero.
        row("ON: young-majority SRL, €200k (reserve for women's companies)", on_company(), ON, Possible).because("fondi_residui", Unknown),
        row(
            "ON: women-majority SRL, €200k",
            with(on_company(), &[("women_share", json!("gt50")), ("young_share", json!("none"))]),
            ON,
            Eligible,
        ),
        row("ON: 50/50 women, young majority", with(on_company(), &[("women_share", json!("le50"))]), ON, Possible)
            .because("fondi_residui", Unknown),
        row("ON: women share not answered", without(on_company(), &["women_share"]), ON, Possible).because("fondi_residui", Unknown),
        row("ON: paused on 1 Dec 2025", on_company(), ON, Closed).on("2025-12-01"),
        row("ON: open again on 12 Dec 2025", on_company(), ON, Possible).on("2025-12-12"),
        row("ON: sole trader", with(ys(), &[("form", json!("ditta_individuale"))]), ON, NotEligible).because("forma", Unmet),
        row("ON: 50/50 split is not a majority", with(on_company(), &[("young_share", json!("le50"))]), ON, NotEligible)
            .because("compagine", Unmet),
        row(
            "ON: women majority, any age",
            with(on_company(), &[("young_share", json!("none")), ("women_share", json!("gt50")), ("age", json!(60))]),
            ON,
            Eligible,
        )
        .because("compagine", Met),
        row("ON: age 35 relying on young partners", with(on_company(), &[("age", json!(35))]), ON, Possible).because("eta_limite", Unknown),
        row("ON: age 34 relying on young partners", with(on_company(), &[("age", json!(34))]), ON, Possible),
        row(
            "ON: firm older than 60 months",
            with(on_company(), &[("stage", json!("gt60m")), ("purpose", json!("sviluppo_attivita_esistente"))]),
            ON,
            NotEligible,
        )
        .because("fase", Unmet),
        row("ON: 36–60 months, €3,000,000", with(on_company(), &[("stage", json!("m36_60")), ("amount", json!(3_000_000))]), ON, Possible)
            .because("importo", Met),
        row(
            "ON: 36–60 months, €3,000,001",
            with(on_company(), &[("stage", json!("m36_60")), ("amount", json!(3_000_001))]),
            ON,
            NotEligible,
        )
        .because("importo", Unmet),
        row("ON: new firm, €1,500,000", with(on_company(), &[("amount", json!(1_500_000))]), ON, Possible).because("importo", Met),
        row("ON: new firm, €1,500,001", with(on_company(), &[("amount", json!(1_500_001))]), ON, NotEligible).because("importo", Unmet),
        row("ON: 50 or more employees", with(on_company(), &[("employees", json!("e50plus"))]), ON, NotEligible)
            .because("dimensione", Unmet),
        row("ON: primary farming", with(on_company(), &[("sector", json!("agricoltura_primaria"))]), ON, NotEligible)
            .because("settore", Unmet),
        row("ON: IT services (to confirm)", with(on_company(), &[("sector", json!("ict_innovazione"))]), ON, Possible)
            .because("settore", Unknown),
        // 8. SELFIEmployment: closed since 16 June 2023.
        row("SE: closed today", ys(), SE, Closed),
        row("SE: €25,000, last day 15 Jun 2023", with(ys(), &[("amount", json!(25_000))]), SE, Eligible).on("2023-06-15"),
        row("SE: €25,000, closed 16 Jun 2023", with(ys(), &[("amount", json!(25_000))]), SE, Closed).on("2023-06-16"),
        row("SE: €40,000, last day 10 Nov 2022", ys(), SE, Eligible).on("2022-11-10"),
        row("SE: €40,000, closed 11 Nov 2022", ys(), SE, Closed).on("2022-11-11"),
        row("SE: €25,001, closed 11 Nov 2022", with(ys(), &[("amount", json!(25_001))]), SE, Closed).on("2022-11-11"),
        row("SE: amount not known, on 11 Nov 2022", with(ys(), &[("amount", json!("non_so"))]), SE, Possible)
            .on("2022-11-11")
            .because("importo", Unknown),
        // 9. Smart&Start Italia: innovative startups, €100k–1.5M.
        row("SS: innovative SRL, €300k", startup(), SS, Eligible),
        row("SS: €99,999", with(startup(), &[("amount", json!(99_999))]), SS, NotEligible).because("importo", Unmet),
        row("SS: €100,000", with(startup(), &[("amount", json!(100_000))]), SS, Eligible).because("importo", Met),
        row("SS: €1,500,000", with(startup(), &[("amount", json!(1_500_000))]), SS, Eligible),
        row("SS: €1,500,001", with(startup(), &[("amount", json!(1_500_001))]), SS, NotEligible).because("importo", Unmet),
        row("SS: not innovative", with(startup(), &[("innovative", json!("no"))]), SS, NotEligible).because("startup_innovativa", Unmet),
        row("SS: innovative unknown", with(startup(), &[("innovative", json!("non_so"))]), SS, Possible)
            .because("startup_innovativa", Unknown),
        row("SS: partnership", without(with(startup(), &[("form", json!("soc_persone"))]), &["innovative"]), SS, NotEligible)
            .because("forma", Unmet),
        // 10. NASpI anticipata.
        row("NA: receives NASpI, new business", with(ys(), &[("naspi", json!("percepisco"))]), NA, Eligible),
        row("NA: claim in progress", with(ys(), &[("naspi", json!("ho_diritto"))]), NA, Eligible),
        row("NA: no NASpI", ys(), NA, NotEligible).because("naspi", Unmet),
        row("NA: DIS-COLL (not researched)", with(ys(), &[("naspi", json!("dis_coll"))]), NA, Possible).because("naspi", Unknown),
        row("NA: growing an existing business", with(small_business(), &[("naspi", json!("percepisco"))]), NA, Possible)
            .because("scopo", Unmet),
        // 11. Fondo Impresa Femminile: closed in 2022.
        row("FIF: closed today", with(ys(), &[("gender", json!("F"))]), FIF, Closed),
        row("FIF: woman sole trader on 19 May 2022", with(ys(), &[("gender", json!("F"))]), FIF, Eligible).on("2022-05-19"),
        row("FIF: new business closed on 20 May 2022", with(ys(), &[("gender", json!("F"))]), FIF, Closed).on("2022-05-20"),
        row("FIF: new business, still closed on 7 Jun 2022", with(ys(), &[("gender", json!("F"))]), FIF, Closed).on("2022-06-07"),
        row("FIF: running business not yet open on 19 May 2022", small_business(), FIF, Closed).on("2022-05-19"),
        row("FIF: running business on 7 Jun 2022", small_business(), FIF, Eligible).on("2022-06-07"),
        row("FIF: running business closed on 8 Jun 2022", small_business(), FIF, Closed).on("2022-06-08"),
        row("FIF: man sole trader on 19 May 2022", ys(), FIF, NotEligible).on("2022-05-19").because("impresa_femminile", Unmet),
        row("FIF: SRLS with 60% women (needs two thirds)", with(j(small_business()), &[("women_share", json!("ge60"))]), FIF, NotEligible)
            .on("2022-06-07")
            .because("impresa_femminile", Unmet),
        row("FIF: closed on 9 Jun 2022", with(ys(), &[("gender", json!("F"))]), FIF, Closed).on("2022-06-09"),
        // 12. €500 bonus: started 1 Jul 2024 – 31 Dec 2025, applications closed after 2 Mar 2026.
        row("B5: last day 2 Mar 2026", bonus_starter(), B5, Eligible).on("2026-03-02"),
        row("B5: closed 3 Mar 2026", bonus_starter(), B5, Closed).on("2026-03-03"),
        row(
            "B5: started 30 Jun 2024",
            with(bonus_starter(), &[("stage", json!("m12_36")), ("start_date", json!("2024-06-30"))]),
            B5,
            NotEligible,
        )
        .on("2026-01-10")
        .because("data_avvio", Unmet),
        row(
            "B5: started 1 Jul 2024",
            with(bonus_starter(), &[("stage", json!("m12_36")), ("start_date", json!("2024-07-01"))]),
            B5,
            Eligible,
        )
        .on("2026-01-10")
        .because("data_avvio", Met),
        row("B5: age 35", with(bonus_starter(), &[("age", json!(35))]), B5, NotEligible).on("2026-01-10").because("eta", Unmet),
        row(
            "B5: now self-employed (status at the start unknown)",
            with(bonus_starter(), &[("status", json!("autonomo_o_imprenditore")), ("working_poor", json!("no"))]),
            B5,
            Possible,
        )
        .on("2026-01-10")
        .because("disoccupato", Unknown),
        // 13. Regional funds: by region; never "eligible" when the call is not confirmed.
        row(
            "Basilicata: unemployed, €36,000 (residence to confirm)",
            with(ys(), &[("region", json!("17")), ("amount", json!(36000))]),
            "regionale_basilicata",
            Possible,
        )
        .because("residenza", Unknown),
        row(
            "Basilicata: an existing business is not a new one",
            with(small_business(), &[("region", json!("17")), ("status", json!("disoccupato")), ("unemp_months", json!("lt12"))]),
            "regionale_basilicata",
            NotEligible,
        )
        .because("nuova_attivita", Unmet),
        row(
            "Basilicata: agricultural SpA with 50+ employees growing an old business",
            with(
                small_business(),
                &[
                    ("region", json!("17")),
                    ("status", json!("disoccupato")),
                    ("unemp_months", json!("lt12")),
                    ("form", json!("spa_altro")),
                    ("employees", json!("e50plus")),
                    ("sector", json!("agricoltura_primaria")),
                    ("stage", json!("gt60m")),
                ],
            ),
            "regionale_basilicata",
            NotEligible,
        )
        .because("nuova_attivita", Unmet),
        row(
            "Basilicata: a new farm (primary farming to confirm)",
            with(ys(), &[("region", json!("17")), ("sector", json!("agricoltura_primaria")), ("amount", json!(20000))]),
            "regionale_basilicata",
            Possible,
        )
        .because("settore", Unknown),
        row(
            "Basilicata: opened a few months ago (to confirm)",
            with(
                ys(),
                &[("region", json!("17")), ("stage", json!("lt12m")), ("start_date", json!("2025-12-01")), ("amount", json!(20000))],
            ),
            "regionale_basilicata",
            Possible,
        )
        .because("nuova_attivita", Unknown),
        row("Basilicata: age 17", with(ys(), &[("region", json!("17")), ("age", json!(17))]), "regionale_basilicata", NotEligible)
            .because("maggiore_eta", Unmet),
        row("Basilicata: €36,001", with(ys(), &[("region", json!("17")), ("amount", json!(36001))]), "regionale_basilicata", NotEligible)
            .because("importo", Unmet),
        row("Basilicata: €4,999", with(ys(), &[("region", json!("17")), ("amount", json!(4999))]), "regionale_basilicata", NotEligible)
            .because("importo", Unmet),
        row(
            "Basilicata: employee",
            with(ys(), &[("region", json!("17")), ("status", json!("dipendente")), ("working_poor", json!("no"))]),
            "regionale_basilicata",
            NotEligible,
        )
        .because("disoccupato", Unmet),
        row("Basilicata: business in Campania", ys(), "regionale_basilicata", NotEligible).because("regione", Unmet),
        row("Basilicata: after 30 Jun 2029", with(ys(), &[("region", json!("17"))]), "regionale_basilicata", Closed).on("2029-07-01"),
        row("Emilia-Romagna: SRLS, €20,000 (call to verify)", small_business(), "regionale_emilia_romagna", Possible).because("forma", Met),
        row("Emilia-Romagna: ordinary SRL", with(small_business(), &[("form", json!("srl"))]), "regionale_emilia_romagna", NotEligible)
            .because("forma", Unmet),
        row("Puglia NIDI: young new business (call to verify)", with(ys(), &[("region", json!("16"))]), "regionale_puglia", Possible)
            .because("destinatari", Met),
        row(
            "Puglia microprestito: an idea is not an existing firm",
            with(ys(), &[("region", json!("16")), ("amount", json!(20000))]),
            "regionale_puglia_microprestito",
            NotEligible,
        )
        .because("impresa_esistente", Unmet),
        row(
            "Lazio Fondo Futuro: €25,000 (call to verify)",
            with(ys(), &[("region", json!("12")), ("crater", json!("no")), ("amount", json!(25000))]),
            "regionale_lazio",
            Possible,
        ),
        row("Sardegna: €25,001", with(ys(), &[("region", json!("20")), ("amount", json!(25001))]), "regionale_sardegna", NotEligible)
            .because("importo", Unmet),
        // 14. Minors: under 18 no loan or business measure fits (c.c. artt. 2, 320, 397), and the reason is said.
        row("MC: age 17", with(ys(), &[("age", json!(17))]), MC, NotEligible).because("maggiore_eta", Unmet),
        row("MC: age 18", with(ys(), &[("age", json!(18))]), MC, Eligible),
        row("FG: age 17", with(ys(), &[("age", json!(17))]), FG, NotEligible).because("maggiore_eta", Unmet),
        row("MS: age 16, family need", with(family_need(), &[("age", json!(16))]), MS, NotEligible).because("maggiore_eta", Unmet),
        row("NA: age 17 on NASpI", with(ys(), &[("age", json!(17)), ("naspi", json!("percepisco"))]), NA, NotEligible)
            .because("maggiore_eta", Unmet),
        row("B5: age 17", with(bonus_starter(), &[("age", json!(17))]), B5, NotEligible).on("2026-01-10").because("maggiore_eta", Unmet),
        row("ACN: age 14", without(with(yn(), &[("age", json!(14))]), &["same_ateco"]), ACN, NotEligible).because("maggiore_eta", Unmet),
        // 15. The amount: "non lo so ancora" never fits for sure, and never rules anyone out.
        row("MC: amount not known yet", with(ys(), &[("amount", json!("non_so"))]), MC, Possible).because("importo", Unknown),
        row("R2: amount not known yet", with(ys(), &[("amount", json!("non_so"))]), R2, Possible).because("importo", Unknown),
        row("MS: amount not known yet", with(family_need(), &[("amount", json!("non_so"))]), MS, Possible).because("importo", Unknown),
        row("SS: amount not known yet", with(startup(), &[("amount", json!("non_so"))]), SS, Possible).because("importo", Unknown),
        // 16. Past its review date an eligible outcome is only possible, with "check the call is still open".
        row("R2: on its review date", ys(), R2, Eligible).on("2027-03-04"),
        row("R2: the day after its review date", ys(), R2, Possible).on("2027-03-05").because("review_due", Unknown),
        row("ACN: on 31 Dec 2026, the end of the window in the listings", yn(), ACN, Eligible).on("2026-12-31"),
        row("ACN: from 1 Jan 2027", yn(), ACN, Possible).on("2027-01-01").because("review_due", Unknown),
        row("SS: from 1 Jan 2027", startup(), SS, Possible).on("2027-01-01").because("review_due", Unknown),
        row("MC: in 2040", ys(), MC, Possible).on("2040-01-01").because("review_due", Unknown),
        row("MC: an SpA in 2040 is still not eligible", with(ys(), &[("form", json!("spa_altro"))]), MC, NotEligible).on("2040-01-01"),
        row("R2: not eligible stays not eligible after review", yn(), R2, NotEligible).on("2027-03-05").because("sede", Unmet),
    ]
}

#[test]
fn decision_table() {
    let rows = table();
    assert!(rows.len() >= 60, "the table must keep at least 60 cases, has {}", rows.len());
    let mut failures = Vec::new();
    for r in &rows {
        let o = outcome(&r.answers, r.today, r.instrument);
        let mut problems = Vec::new();
        if o.status != r.status {
            problems.push(format!("status {:?}, expected {:?}", o.status, r.status));
        }
        if let Some((id, state)) = r.criterion {
            match o.criterion(id) {
                Some(c) if c.state == state => {}
                Some(c) => problems.push(format!("criterion {id} is {:?}, expected {state:?} ({})", c.state, c.explanation.it)),
                None => problems.push(format!("criterion {id} missing")),
            }
        }
        if !problems.is_empty() {
            let criteria: Vec<String> = o.criteria.iter().map(|c| format!("{}={:?}", c.info.id, c.state)).collect();
            failures.push(format!(
                "{} [{} on {}]: {}\n    criteria: {}\n    answers: {}",
                r.name,
                r.instrument,
                r.today,
                problems.join("; "),
                criteria.join(", "),
                r.answers
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}

#[test]
fn explanations_quote_the_persons_own_answers() {
    let o = outcome(&without(with(young_south(), &[("age", json!(36))]), &["same_ateco"]), TODAY, "resto_al_sud_2");
    let age = o.criterion("eta").expect("age criterion");
    assert_eq!(
        age.explanation.it,
        "Hai 36 anni: il limite è 34 anni (prima di compierne 35). Guarda le altre misure: il microcredito, per esempio, non ha limiti di età."
    );
    assert!(age.explanation.en.starts_with("You are 36: the limit is 34"));
    assert!(age.would_fit_if.as_ref().is_some_and(|w| w.it.starts_with("Andrebbe bene se avessi tra 18 e 34 anni")));
    assert_eq!(&*age.answers[0].question, "age");
    assert_eq!(age.answers[0].display.it, "36");

    let o = outcome(&young_north(), TODAY, "resto_al_sud_2");
    let seat = o.criterion("sede").expect("seat criterion");
    assert!(seat.explanation.it.starts_with("L'attività avrà sede in Lombardia"), "{}", seat.explanation.it);
    assert!(seat.explanation.en.starts_with("The business will be based in Lombardy"), "{}", seat.explanation.en);

    // A catch-all decision lists every answer that ruled the earlier cases out.
    let o = outcome(&with(young_south(), &[("status", json!("dipendente")), ("working_poor", json!("no"))]), TODAY, "resto_al_sud_2");
    let used: Vec<&str> = o.criterion("condizione").unwrap().answers.iter().map(|a| &*a.question).collect();
    assert_eq!(used, ["status", "working_poor", "gol"]);
}

#[test]
fn every_unmet_criterion_says_what_would_fit() {
    for r in table() {
        let o = outcome(&r.answers, r.today, r.instrument);
        for c in o.criteria.iter().filter(|c| c.state == CriterionState::Unmet) {
            assert!(c.would_fit_if.is_some(), "{}: {} unmet without would_fit_if", r.name, c.info.id);
        }
    }
}

#[test]
fn unknown_answers_are_explained_kindly() {
    let o = outcome(&with(young_south(), &[("region", json!("12")), ("crater", json!("non_so"))]), TODAY, "resto_al_sud_2");
    let seat = o.criterion("sede").unwrap();
    assert!(seat.explanation.it.contains("hai risposto che non lo sai"), "{}", seat.explanation.it);
    assert!(seat.explanation.it.contains("cratere sismico"), "{}", seat.explanation.it);
    assert_eq!(seat.answers.iter().map(|a| &*a.question).collect::<Vec<_>>(), ["crater"]);

    let o = outcome(&without(young_south(), &["amount"]), TODAY, "microcredito_imprenditoriale");
    let amount = o.criterion("importo").unwrap();
    assert_eq!(amount.state, CriterionState::Unknown);
    assert!(
        amount.explanation.it.starts_with("Non hai risposto alla domanda «Di quanti soldi hai bisogno, in euro?»"),
        "{}",
        amount.explanation.it
    );
    assert_eq!(amount.answers[0].value, None);
    assert_eq!(amount.answers[0].display.it, "non risposto");
}

fn amounts_it(o: &Outcome) -> Vec<String> {
    o.amounts.iter().map(|t| t.it.clone()).collect()
}

#[test]
fn guarantee_is_80_percent_up_to_50k_and_60_percent_above() {
    let at = |amount: i64, form: &str| {
        amounts_it(&outcome(
            &with(young_south(), &[("amount", json!(amount)), ("form", json!(form))]),
            TODAY,
            "fondo_garanzia_microcredito",
        ))
    };
    assert!(at(40_000, "ditta_individuale").iter().any(|a| a.contains("fino all'80%") && a.contains("su 40.000 € copre fino a 32.000 €")));
    assert!(at(50_000, "ditta_individuale").iter().any(|a| a.contains("fino all'80%") && a.contains("copre fino a 40.000 €")));
    assert!(
        at(50_001, "ditta_individuale")
            .iter()
            .any(|a| a.contains("fino al 60%") && a.contains("su un prestito di 50.001 € copre fino a 30.001 €"))
    );
    // Above the cap the guarantee is on the largest possible loan.
    assert!(at(90_000, "ditta_individuale").iter().any(|a| a.contains("su un prestito di 75.000 € copre fino a 45.000 €")));
    assert!(at(100_000, "srl").iter().any(|a| a.contains("su un prestito di 100.000 € copre fino a 60.000 €")));
    let en = outcome(&young_south(), TODAY, "fondo_garanzia_microcredito").amounts;
    assert!(en.iter().any(|a| a.en.contains("on €40,000 it covers up to €32,000")), "{en:?}");
}

#[test]
fn resto_al_sud_2_offers_voucher_or_grant_by_band() {
    let at = |amount: i64| amounts_it(&outcome(&with(young_south(), &[("amount", json!(amount))]), TODAY, "resto_al_sud_2"));
    let small = at(30_000);
    assert!(small.iter().any(|a| a.starts_with("Un voucher, che non si restituisce") && a.contains("copre almeno 30.000 €")), "{small:?}");
    assert!(small.iter().any(|a| a.contains("75%") && a.contains("su 30.000 € sono 22.500 €")), "{small:?}");
    let mid = at(100_000);
    assert!(!mid.iter().any(|a| a.starts_with("Un voucher")), "{mid:?}");
    assert!(mid.iter().any(|a| a.contains("75%") && a.contains("75.000 €")), "{mid:?}");
    let big = at(150_000);
    assert!(big.iter().any(|a| a.contains("70%") && a.contains("su 150.000 € sono 105.000 €")), "{big:?}");
    assert!(big.iter().all(|a| !a.contains("75%")), "{big:?}");
    assert!(big.iter().any(|a| a.contains("non si sommano")));
    let acn = amounts_it(&outcome(&with(young_north(), &[("amount", json!(150_000))]), TODAY, "autoimpiego_centro_nord"));
    assert!(acn.iter().any(|a| a.contains("60%") && a.contains("90.000 €")), "{acn:?}");
}

#[test]
fn smart_start_rates_follow_the_team_and_the_south() {
    let a = amounts_it(&outcome(&startup(), TODAY, "smart_start"));
    assert!(a.iter().any(|l| l.contains("90%") && l.contains("270.000 € su 300.000 €")), "{a:?}");
    assert!(a.iter().any(|l| l.contains("Al Sud") && l.contains("81.000 €")), "{a:?}");
    let north =
        amounts_it(&outcome(&with(startup(), &[("region", json!("03")), ("all_women_or_under36", json!("no"))]), TODAY, "smart_start"));
    assert!(north.iter().any(|l| l.contains("80%") && l.contains("240.000 €")), "{north:?}");
    assert!(!north.iter().any(|l| l.contains("Al Sud")), "{north:?}");
}

#[test]
fn naspi_instalments_follow_the_date() {
    let person = with(young_south(), &[("naspi", json!("percepisco"))]);
    let in_2026 = amounts_it(&outcome(&person, "2026-01-01", "naspi_anticipata"));
    assert!(in_2026.iter().any(|a| a.contains("due parti") && a.contains("70%")), "{in_2026:?}");
    let in_2025 = amounts_it(&outcome(&person, "2025-12-31", "naspi_anticipata"));
    assert!(in_2025.iter().any(|a| a.contains("unica soluzione")) && !in_2025.iter().any(|a| a.contains("due parti")), "{in_2025:?}");
}

#[test]
fn closed_instruments_say_since_when_and_what_replaced_them() {
    let o = outcome(&young_south(), "2025-10-15", "resto_al_sud");
    let closure = o.closed.expect("closure");
    assert_eq!(closure.date, date("2025-10-14"));
    assert_eq!(closure.successor.as_ref().map(|s| s.id.as_str()), Some("resto_al_sud_2"));
    assert!(closure.text.it.contains("14 ottobre 2025") && closure.text.it.contains("Resto al Sud 2.0"), "{}", closure.text.it);
    let o = outcome(&young_south(), "2025-10-14", "resto_al_sud_2");
    assert!(o.closed.expect("not yet open").text.it.contains("si apriranno il 15 ottobre 2025"));
    let o = outcome(&on_company(), "2025-12-01", "on_tasso_zero");
    let text = &o.closed.expect("paused").text.it;
    assert!(text.starts_with("Le domande sono sospese fino all'11 dicembre 2025: passaggio alla nuova piattaforma"), "{text}");
}

#[test]
fn funds_with_an_unconfirmed_call_ask_to_check_it() {
    for o in rulebook().assess(&answers(&with(small_business(), &[("region", json!("08"))])), date(TODAY)) {
        if o.verify_open {
            assert_ne!(o.status, Status::Eligible, "{}", o.id());
            assert!(
                o.notes.first().is_some_and(|n| n.kind == NoteKind::Verify && n.text.it.contains("Non sappiamo se il bando è aperto")),
                "{}",
                o.id()
            );
        }
    }
    let ids: Vec<String> = rulebook().instruments().instruments.iter().filter(|i| i.verify_open).map(|i| i.id.clone()).collect();
    assert!(ids.len() >= 5, "{ids:?}");
}

#[test]
fn every_instrument_of_the_rulebook_is_there() {
    let ids: Vec<&str> = rulebook().instruments().instruments.iter().map(|i| i.id.as_str()).collect();
    for id in [
        "microcredito_imprenditoriale",
        "microcredito_sociale",
        "fondo_garanzia_microcredito",
        "resto_al_sud",
        "resto_al_sud_2",
        "autoimpiego_centro_nord",
        "on_tasso_zero",
        "selfiemployment",
        "smart_start",
        "naspi_anticipata",
        "fondo_impresa_femminile",
        "bonus_under35_settori_strategici",
        "regionale_basilicata",
        "regionale_emilia_romagna",
        "regionale_puglia",
        "regionale_puglia_microprestito",
        "regionale_sardegna",
        "regionale_lazio",
    ] {
        assert!(ids.contains(&id), "missing {id}");
    }
}

#[test]
fn the_engine_says_closed_exactly_when_an_instrument_does_not_accept_applications() {
    // One rule in two places would drift: the app greys out closed measures with `accepts_applications`
    // while the engine decides `Status::Closed`. Check them on both sides of every date in the data.
    let mut days: Vec<Date> = vec![date(TODAY)];
    for i in &rulebook().instruments().instruments {
        let edges = i.opens_on.into_iter().chain(i.closes_on).chain(i.pauses.iter().flat_map(|p| [p.from, p.to]));
        for d in edges {
            days.extend([d.previous_day(), Some(d), d.next_day()].into_iter().flatten());
        }
    }
    // Answers no line covers (lines narrow the window by stage or amount): the instrument's own window.
    let a = answers(&without(young_south(), &["amount", "stage", "same_ateco"]));
    for today in days {
        for (o, i) in rulebook().assess(&a, today).iter().zip(&rulebook().instruments().instruments) {
            assert_eq!(o.id(), i.id);
            assert_eq!(o.status == Status::Closed, !i.accepts_applications(today), "{} on {today}", i.id);
        }
    }
}

#[test]
fn a_stale_outcome_says_when_it_was_last_checked() {
    let o = outcome(&young_south(), "2027-03-05", "resto_al_sud_2");
    let check = o.criterion(REVIEW_DUE).expect("the review check");
    assert_eq!(
        check.explanation.it,
        "L'ultima verifica è del 4 marzo 2026: controlla che il bando sia ancora aperto prima di preparare la domanda. Lo sportello può dirtelo."
    );
    assert!(
        check.explanation.en.starts_with("This was last checked on 4 March 2026: check the call is still open"),
        "{}",
        check.explanation.en
    );
    assert_eq!(check.info.label.it, "Bando ancora aperto");
    // The folded card's one line is that date.
    assert_eq!(o.status, Status::Possible);
    assert_eq!(o.headline().map(|c| c.info.id.as_str()), Some(REVIEW_DUE));
    // Funds whose call is not confirmed already say so: no second, weaker warning.
    let region = with(small_business(), &[("region", json!("08"))]);
    let er = outcome(&region, "2030-01-01", "regionale_emilia_romagna");
    assert!(er.verify_open && er.criterion(REVIEW_DUE).is_none());
    // Closed measures are closed, not "to check".
    assert!(outcome(&young_south(), "2030-01-01", "resto_al_sud").criterion(REVIEW_DUE).is_none());
    // The contact summary tells the operator too.
    let a = answers(&young_south());
    let all = rulebook().assess(&a, date("2027-03-05"));
    let summary = microwork_core::rules::AssessmentSummary::new(&a, &all, date("2027-03-05"));
    let r2 = summary.outcomes.iter().find(|o| o.instrument == "resto_al_sud_2").unwrap();
    assert!(r2.to_check.iter().any(|c| c == REVIEW_DUE), "{r2:?}");
}

#[test]
fn nobody_under_18_fits_any_measure_on_any_day() {
    let days = ["2018-06-01", "2022-05-19", "2022-06-07", "2023-01-10", "2025-10-14", "2026-01-10", "2026-03-02", TODAY, "2028-01-01"];
    for age in 14..=17 {
        for person in [young_south(), young_north(), small_business(), family_need(), on_company(), startup(), bonus_starter()] {
            let a = answers(&with(person, &[("age", json!(age))]));
            for today in days {
                for o in rulebook().assess(&a, date(today)) {
                    assert!(matches!(o.status, Status::NotEligible | Status::Closed), "{} at {age} on {today}: {:?}", o.id(), o.status);
                    if o.status == Status::NotEligible {
                        let minor = o.criterion("maggiore_eta").expect("the reason is said");
                        assert_eq!(minor.state, CriterionState::Unmet);
                        assert!(minor.explanation.it.contains("18 anni"), "{}", minor.explanation.it);
                    }
                }
            }
        }
    }
}

#[test]
fn zero_euros_is_refused_and_not_known_yet_is_explained() {
    let zero: Answers = serde_json::from_value(with(young_south(), &[("amount", json!(0))])).unwrap();
    let refused = rulebook().assess_checked(&zero, date(TODAY)).unwrap_err();
    assert_eq!(refused.0.len(), 1);
    assert_eq!(refused.0[0].question, "amount");
    assert!(refused.0[0].message.it.contains("più di zero"), "{}", refused.0[0].message.it);
    // `assess` itself never fails, and never says "eligible" on a refused answer.
    for o in rulebook().assess(&zero, date(TODAY)) {
        assert!(o.criteria.iter().filter(|c| c.info.id == "importo").all(|c| c.state != CriterionState::Met), "{}", o.id());
    }
    assert!(rulebook().assess_checked(&answers(&young_south()), date(TODAY)).is_ok());
    let o = outcome(&with(young_south(), &[("amount", json!("non_so"))]), TODAY, "microcredito_imprenditoriale");
    let amount = o.criterion("importo").unwrap();
    assert!(amount.explanation.it.contains("hai risposto che non lo sai"), "{}", amount.explanation.it);
    assert_eq!(amount.answers[0].display.it, "non lo so ancora");
    assert!(o.loan.as_ref().is_some_and(|l| l.estimate.is_none()), "no instalment without an amount");
}

#[test]
fn gendered_words_follow_the_answer_and_say_both_otherwise() {
    let sentence = |gender: &str| {
        let o = outcome(&with(young_south(), &[("gender", json!(gender))]), TODAY, "resto_al_sud_2");
        o.criterion("condizione").unwrap().explanation.it.clone()
    };
    assert!(sentence("F").starts_with("Oggi sei disoccupata:"), "{}", sentence("F"));
    assert!(sentence("M").starts_with("Oggi sei disoccupato:"), "{}", sentence("M"));
    assert!(sentence("altro").starts_with("Oggi sei disoccupato o disoccupata:"), "{}", sentence("altro"));
    let no_gender = outcome(&without(young_south(), &["gender"]), TODAY, "resto_al_sud_2");
    assert!(no_gender.criterion("condizione").unwrap().explanation.it.starts_with("Oggi sei disoccupato o disoccupata:"));
    // In a text of the rule itself, with a neutral wording of its own.
    let same = |gender: &str| {
        let o = outcome(&with(young_south(), &[("gender", json!(gender)), ("same_ateco", json!("si"))]), TODAY, "resto_al_sud_2");
        o.criterion("stesso_ateco").unwrap().explanation.it.clone()
    };
    assert!(same("F").contains("da titolare o socia"), "{}", same("F"));
    assert!(same("M").contains("da titolare o socio"), "{}", same("M"));
    assert!(same("altro").contains("da titolare o in società"), "{}", same("altro"));
    // Nothing a person reads is left with a raw `{g:` in it.
    for o in rulebook().assess(&answers(&with(small_business(), &[("gender", json!("altro"))])), date(TODAY)) {
        for c in &o.criteria {
            assert!(!c.explanation.it.contains("{g:") && c.answers.iter().all(|a| !a.display.it.contains('{')), "{}/{}", o.id(), c.info.id);
        }
    }
}

#[test]
fn loans_say_what_they_cost_for_the_persons_amount() {
    // Business microcredit: €40,000 over 10 years at the illustrative 6%.
    let o = outcome(&young_south(), TODAY, "microcredito_imprenditoriale");
    let loan = o.loan.expect("loan terms");
    assert_eq!(loan.rate.basis, RateBasis::Illustrative);
    assert!(loan.rate.source.is_some() && loan.rate.note.as_ref().is_some_and(|n| n.it.contains("esempio")));
    let e = loan.estimate.expect("estimate for €40,000");
    assert_eq!((e.lent, e.schedule.months), (40_000, 120));
    assert_eq!(e.schedule.monthly_cents, 44_408);
    // An SRL may borrow up to €100,000.
    let srl = outcome(&with(young_south(), &[("form", json!("srl")), ("amount", json!(100_000))]), TODAY, "microcredito_imprenditoriale");
    assert_eq!(srl.loan.and_then(|l| l.estimate).map(|e| e.lent), Some(100_000));
    // ON lends at 0%, which the rules fix.
    let on = outcome(&on_company(), TODAY, "on_tasso_zero").loan.expect("ON loan");
    assert_eq!((on.rate.percent, on.rate.basis), (0.0, RateBasis::Fixed));
    let e = on.estimate.unwrap();
    assert_eq!((e.lent, e.schedule.interest_cents), (140_000, 0));
    // Smart&Start in the South: 90% for a young team, 70% of it repaid.
    let ss = outcome(&startup(), TODAY, "smart_start").loan.unwrap().estimate.unwrap();
    assert_eq!((ss.lent, ss.written_off), (270_000, 81_000));
    let north = outcome(&with(startup(), &[("region", json!("03")), ("all_women_or_under36", json!("no"))]), TODAY, "smart_start");
    let n = north.loan.unwrap().estimate.unwrap();
    assert_eq!((n.lent, n.written_off), (240_000, 0));
    // Basilicata: 0%, 12 months without instalments.
    let b = outcome(&with(young_south(), &[("region", json!("17")), ("amount", json!(36_000))]), TODAY, "regionale_basilicata");
    let b = b.loan.unwrap();
    assert_eq!((b.grace_months, b.estimate.unwrap().schedule.monthly_cents), (12, 42_857));
    // Grants and vouchers are said to be never paid back.
    let r2 = outcome(&young_south(), TODAY, "resto_al_sud_2");
    assert!(r2.loan.is_none() && r2.info.non_repayable.iter().any(|n| n.text.it.contains("non si restituisce")));
}

#[test]
fn a_sector_not_known_yet_makes_sector_rules_possible_never_a_no() {
    // A bakery-shop owner unsure between trade, food processing and crafts answers "non so".
    let unsure = with(bonus_starter(), &[("sector", json!("non_so"))]);
    for o in rulebook().assess(&answers(&unsure), date(TODAY)) {
        let sector_rules: Vec<_> = o.criteria.iter().filter(|c| c.answers.iter().any(|a| &*a.question == "sector")).collect();
        for c in &sector_rules {
            assert_ne!(c.state, CriterionState::Unmet, "{}: {} rules out an unknown sector", o.id(), c.info.id);
        }
        if sector_rules.iter().any(|c| c.state == CriterionState::Unknown) {
            assert_ne!(o.status, Status::Eligible, "{}", o.id());
        }
    }
    // The bonus for under-35s in strategic sectors depends on the sector: it may fit, to be checked.
    assert_eq!(outcome(&unsure, "2026-01-10", "bonus_under35_settori_strategici").status, Status::Possible);
}

#[test]
fn a_folded_card_gives_one_reason() {
    // A fit needs no reason; a "no" gives the first rule that rules the person out.
    assert!(outcome(&young_south(), TODAY, "microcredito_imprenditoriale").headline().is_none());
    let too_much = outcome(&with(young_south(), &[("amount", json!(75001))]), TODAY, "microcredito_imprenditoriale");
    assert_eq!(too_much.headline().map(|c| c.info.id.as_str()), Some("importo"));
    // "To check": the first criterion not known yet.
    let unsure = outcome(&with(young_south(), &[("amount", json!("non_so"))]), TODAY, "microcredito_imprenditoriale");
    assert_eq!(unsure.status, Status::Possible);
    assert_eq!(unsure.headline().map(|c| c.state), Some(CriterionState::Unknown));
    // Closed: the closure says it.
    assert!(outcome(&young_south(), TODAY, "resto_al_sud").headline().is_none());
}
