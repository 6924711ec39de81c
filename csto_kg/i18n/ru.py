"""Russian translations of csto-kg's messages (English text -> Russian)."""

MESSAGES = {
    # column headers of the helpers (their variables, in words)
    "member": "член",
    "role": "роль",
    "start": "начало",
    "end": "конец",
    "certainty": "достоверность",
    "conflicts": "противоречия",
    "org from": "организация с",
    "org until": "организация до",
    "sources": "источники",
    "kind": "вид",
    "body": "организация",
    "disputed": "оспаривается",
    "state": "государство",
    "signed": "подписан",
    "ratified": "ратифицирован",
    "exited": "выход",
    "post": "должность",
    "holder": "лицо",
    "capacity": "полномочия",
    "intervention": "операция",
    "host state": "принимающее государство",
    "requested by": "по просьбе",
    "decided by": "по решению",
    "commander": "командующий",
    "troops": "численность",
    "approximation": "точность",
    "organization": "организация",
    "membership": "членство",
    "date": "дата",
    "what": "событие",
    "conflict": "расхождение",
    "aspect": "предмет",
    "claim": "утверждение",
    "value": "значение",
    "direction": "направление",
    "property": "свойство",
    "status": "статус",
    "action": "действие",
    "instrument": "документ",
    "acted": "дата действия",
    "concluded": "заключён",
    "claims": "утверждения",
    "fact": "факт",
    "subject": "субъект",
    "begins": "начинается",
    "ends": "заканчивается",
    "first": "первое",
    "second": "второе",
    # words the helper queries write into their answers
    "certain": "точно",
    "uncertain": "неточно",
    "uncertain: date precision": "неточно: точность даты",
    "uncertain: beginning not given": "неточно: начало не указано",
    "uncertain: beginning known only as before a date": "неточно: известно лишь, что начало раньше даты",
    "disputed, see the conflicts helper": "оспаривается, см. запрос conflicts",
    "suspended": "приостановлено",
    "observer": "наблюдатель",
    "other": "другое",
    "in force": "действует",
    "begins before": "начинается до",
    "before {date}": "до {date}",
    "source": "источник",
    "out": "исходящее",
    "in": "входящее",
    "open": "открыто",
    "treaty participation": "участие в договоре",
    "treaty action": "действие по договору",
    "total strength": "общая численность",
    "suspension": "приостановление",
    "former membership": "прежнее членство",
    "event": "событие",
    "contingent": "контингент",
    "asserted": "утверждено",
    "inferred": "выведено",
    "acting": "исполняющий обязанности",
    "de facto": "де-факто",
    # messages of the command line
    "wrote {path}": "записано: {path}",
    "wrote {path}: {rows} rows, {bars} bars, {markers} markers": "записано: {path}: строк {rows}, полос {bars}, меток {markers}",
    "wrote {path} ({size} bytes)": "записано: {path} ({size} байт)",
    "No helper queries found.": "Запросы не найдены.",
    "default {value}": "по умолчанию {value}",
    "optional": "необязательный",
    "required": "обязательный",
    "(cached result)": "(из кэша)",
    "asserted triples": "утверждённых триплетов",
    "inferred triples": "выведенных триплетов",
    "total triples": "всего триплетов",
    "reasoning time": "время вывода",
    "findings": "замечаний",
    "ok": "ок",
    "{rows} row(s)": "строк: {rows}",
    "consistent; all violation checks passed": "непротиворечиво; все проверки пройдены",
    # csto-kg query NAME --help
    "usage:": "использование:",
    "(no summary)": "(нет описания)",
    "parameters:": "параметры:",
    "columns:": "столбцы:",
    "examples:": "примеры:",
    "e.g. {example}": "напр. {example}",
    "a date: YYYY, YYYY-MM or YYYY-MM-DD": "дата: ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД",
    "an IRI, a CURIE or a label in any language": "IRI, CURIE или название на любом языке",
    "boolean: given bare, true": "логический: без значения — истина",
    "text": "текст",
    "a whole number": "целое число",
    "options: --format table|csv|tsv|json, --wide, --lang en|fr|ru, --timeout SECONDS (see: csto-kg query --help)":
        "параметры вывода: --format table|csv|tsv|json, --wide, --lang en|fr|ru, --timeout СЕКУНДЫ (см. csto-kg query --help)",
    # charts
    "{name}: members": "{name}: члены",
    "{name}: memberships and treaty participations": "{name}: членство и участие в договорах",
    "Source: csto-kg, from the French Wikipedia article on the CSTO and cross-checked public sources":
        "Источник: csto-kg, по статье французской Википедии об ОДКБ и перепроверенным открытым источникам",
    "Hatched: date known only to the year, month or as a bound; fading: open end.":
        "Штриховка: дата известна лишь с точностью до года, месяца или как граница; затухание: открытый конец.",
    # web pages (csto_kg/web)
    'Index':
        'Указатель',
    'SPARQL query':
        'Запрос SPARQL',
    'Ontology':
        'Онтология',
    'Dataset (VoID)':
        'Набор данных (VoID)',
    'Search by name':
        'Поиск по названию',
    'Search':
        'Поиск',
    'Language':
        'Язык',
    'Dates':
        'Даты',
    'Members and structure':
        'Члены и структура',
    'Places and languages':
        'Места и языки',
    'Description':
        'Описание',
    'Identifiers and links':
        'Идентификаторы и ссылки',
    'Sources':
        'Источники',
    'Other facts':
        'Другие факты',
    'This description as:':
        'Это описание в формате:',
    'What it is':
        'Что это',
    'Members in force today':
        'Члены на сегодня',
    'Memberships in force today':
        'Членство на сегодня',
    'Summary':
        'Сводка',
    'none':
        'нет',
    'Names':
        'Названия',
    'Referenced by':
        'Упоминается в',
    '… and {count} more':
        '… и ещё {count}',
    'inferred by OWL RL reasoning: why?':
        'выведено рассуждением OWL RL: почему?',
    'inferred by OWL RL reasoning':
        'выведено рассуждением OWL RL',
    'Mentioned in':
        'Упомянуто в',
    'in (document)':
        'в',
    'csto-kg: the Collective Security Treaty Organization knowledge graph':
        'csto-kg: граф знаний Организации Договора о коллективной безопасности',
    'Resources by class (asserted and inferred types), with their number.':
        'Ресурсы по классам (заявленные и выведенные типы) с их числом.',
    'Classes':
        'Классы',
    'Membership timeline':
        'Хронология членства',
    'Neighbourhood':
        'Окружение',
    'graph of the entities linked to this one':
        'граф сущностей, связанных с этой',
    'The entities one link away from this one (at most {limit}; literals, types, classes and external IRIs are left out) and the links among them, labelled by property (zoom in to read the labels). Solid grey: asserted; dashed orange: inferred by OWL RL reasoning. Click an entity to open its page.':
        'Сущности на расстоянии одной связи от этой (не более {limit}; литералы, типы, классы и внешние IRI опущены) и связи между ними, подписанные свойством (увеличьте, чтобы прочитать подписи). Серая сплошная: заявлено; оранжевая пунктирная: выведено рассуждением OWL RL. Щёлкните по сущности, чтобы открыть её страницу.',
    'csto-kg SPARQL query':
        'Запрос SPARQL к csto-kg',
    'Not found':
        'Не найдено',
    '{iri} is not in the graph.':
        '{iri} нет в графе.',
    '{count} results for “{query}”':
        'Результатов по запросу «{query}»: {count}',
    'Type a name in any language: accents and case do not matter.':
        'Введите название на любом языке: регистр и диакритика не важны.',
    'checks':
        'проверки',
    'checks: the {count} violation checks in one query, one UNION branch each; ?check names the check of a row.':
        'проверки: {count} проверок нарушений в одном запросе, по ветви UNION на каждую; ?check называет проверку строки.',
    'No rows: the data passes every check (csto-kg check runs the same queries).':
        'Нет строк: данные проходят все проверки (csto-kg check выполняет те же запросы).',
}
