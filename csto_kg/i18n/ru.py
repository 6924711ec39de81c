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
    "entity": "сущность",
    "lacking": "недостаёт",
    # words the helper queries write into their answers
    "an rdfs:label in French (@fr)": "rdfs:label на французском (@fr)",
    "an rdfs:label in English (@en)": "rdfs:label на английском (@en)",
    "labels that are all strings (rdf:langString or xsd:string)": "чтобы все метки были строками (rdf:langString или xsd:string)",
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
    "The entities linked to this one, most linked first, coloured by kind, and the links among them. Passages and source documents are not drawn: the number in an entity's circle is the number of passages it is derived from or mentioned in. Point at an entity to read its links; solid grey: asserted; dashed orange: inferred by OWL RL reasoning. Click an entity to open its page.":
        'Сущности, связанные с этой (сначала самые связанные), окрашенные по виду, и связи между ними. Фрагменты и документы-источники не рисуются: число в круге сущности — это число фрагментов, из которых она взята или в которых она упомянута. Наведите указатель на сущность, чтобы прочитать её связи; серая сплошная: заявлено; оранжевая пунктирная: выведено рассуждением OWL RL. Щёлкните по сущности, чтобы открыть её страницу.',
    'Entities: {shown} of {total}; links: {links}.':
        'Сущности: {shown} из {total}; связи: {links}.',
    'Show {count} more':
        'Показать ещё {count}',
    '{label} ({kind}); passages: {passages}, source documents: {documents}; links: {links}':
        '{label} ({kind}); фрагменты: {passages}, документы-источники: {documents}; связи: {links}',
    'The graph view could not be drawn: {error}':
        'Не удалось нарисовать граф: {error}',
    'Legend':
        'Условные обозначения',
    'treaty or other instrument':
        'договор или иной документ',
    'person':
        'человек',
    'other entity':
        'другая сущность',
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
    # the ontology's documentation (/ontology): pyLODE's headings and property names
    'Metadata':
        'Метаданные',
    'Properties':
        'Свойства',
    'Object Properties':
        'Объектные свойства',
    'Datatype Properties':
        'Свойства данных',
    'Annotation Properties':
        'Свойства-аннотации',
    'Functional Properties':
        'Функциональные свойства',
    'Namespaces':
        'Пространства имён',
    'Legend':
        'Условные обозначения',
    'Table of Contents':
        'Содержание',
    'Title':
        'Название',
    'Description':
        'Описание',
    'Date Created':
        'Дата создания',
    'Date Modified':
        'Дата изменения',
    'License':
        'Лицензия',
    'Version Iri':
        'IRI версии',
    'Version Info':
        'Версия',
    'Preferred Namespace Prefix':
        'Предпочтительный префикс пространства имён',
    'Preferred Namespace Uri':
        'Предпочтительный IRI пространства имён',
    'Source':
        'Источник',
    'Note':
        'Примечание',
    'Sub Class Of':
        'Подкласс',
    'Super Class Of':
        'Надкласс для',
    'In Domain Of':
        'Входит в область определения',
    'In Range Of':
        'Входит в область значений',
    'Sub Property Of':
        'Подсвойство',
    'Super Property Of':
        'Надсвойство для',
    'Domain':
        'Область определения',
    'Range':
        'Область значений',
    'Restriction':
        'Ограничение',
    'Equivalentclass':
        'Эквивалентный класс',
    'Is Defined By':
        'Определено в',
    'Has Instance':
        'Имеет экземпляр',
    'Example':
        'Пример',
    'OWL/RDFS Class':
        'Класс OWL/RDFS',
    'RDF Property':
        'Свойство RDF',
    'OWL Object Property':
        'Объектное свойство OWL',
    'OWL Datatype Property':
        'Свойство данных OWL',
    'OWL Annotation Property':
        'Свойство-аннотация OWL',
    'OWL Functional Property':
        'Функциональное свойство OWL',
    # the explanation of a triple (/explain, csto-kg explain) and the OWL 2 RL rules it names
    'Why: {triple}':
        'Почему: {triple}',
    'W3C rule tables':
        'таблиц правил W3C',
    'The proof found by a backward search over the graph with the OWL 2 RL rules (rule ids of the {tables}), down to the asserted triples: where each is written and the passages of the sources it derives from.':
        'Доказательство, найденное обратным поиском по графу с правилами OWL 2 RL (идентификаторы из {tables}), вплоть до заявленных триплетов: где записан каждый из них и фрагменты источников, из которых он взят.',
    'Proof {n} of {count}':
        'Доказательство {n} из {count}',
    'Other proofs':
        'Другие доказательства',
    'This explanation as {formats} (by {accept}: application/json, text/turtle); on the command line: {command}.':
        'Это объяснение в форматах {formats} (через {accept}: application/json, text/turtle); в командной строке: {command}.',
    'an asserted graph':
        'заявленный граф',
    'asserted in {where}':
        'заявлено в {where}',
    'from {source}':
        'из {source}',
    'inferred by {rule}: {description}, from:':
        'выведено по правилу {rule}: {description}, из:',
    'asserted at {places}':
        'заявлено в {places}',
    'passage {iri}: «{quote}»':
        'фрагмент {iri}: «{quote}»',
    'by {rule}: {description}':
        'по правилу {rule}: {description}',
    'by {rule}':
        'по правилу {rule}',
    'Finding {number}: {finding}':
        'Замечание {number}: {finding}',
    'axiom: {axiom}':
        'аксиома: {axiom}',
    '(no explanation of this kind of finding: its triples are not known to csto-kg explain)':
        '(нет объяснения для такого замечания: его триплеты неизвестны csto-kg explain)',
    'the axiom':
        'аксиома',
    'the triples that clash':
        'противоречащие триплеты',
    'domain of a property':
        'область определения свойства',
    'range of a property':
        'область значений свойства',
    'functional property':
        'функциональное свойство',
    'inverse-functional property':
        'обратно-функциональное свойство',
    'symmetric property':
        'симметричное свойство',
    'transitive property':
        'транзитивное свойство',
    'sub-property':
        'подсвойство',
    'property chain':
        'цепочка свойств',
    'equivalent property':
        'эквивалентное свойство',
    'equivalent property (the other way)':
        'эквивалентное свойство (в обратную сторону)',
    'inverse property':
        'обратное свойство',
    'inverse property (the other way)':
        'обратное свойство (в обратную сторону)',
    'key of a class (owlrl compares all key values but the last)':
        'ключ класса (owlrl сравнивает все значения ключа, кроме последнего)',
    'hasValue restriction: members have the value':
        'ограничение hasValue: экземпляры имеют это значение',
    'hasValue restriction: having the value makes a member':
        'ограничение hasValue: наличие значения делает экземпляром',
    'someValuesFrom restriction':
        'ограничение someValuesFrom',
    'someValuesFrom owl:Thing restriction':
        'ограничение someValuesFrom owl:Thing',
    'allValuesFrom restriction':
        'ограничение allValuesFrom',
    'intersection: member of every class':
        'пересечение: экземпляр всех классов',
    'intersection: member of each class':
        'пересечение: экземпляр каждого класса',
    'union of classes':
        'объединение классов',
    'enumerated class (oneOf)':
        'перечислимый класс (oneOf)',
    'max cardinality 1':
        'максимальная кардинальность 1',
    'max qualified cardinality 1':
        'максимальная квалифицированная кардинальность 1',
    'max qualified cardinality 1 (owl:Thing)':
        'максимальная квалифицированная кардинальность 1 (owl:Thing)',
    'sub-class':
        'подкласс',
    'equivalent class':
        'эквивалентный класс',
    'equivalent class (the other way)':
        'эквивалентный класс (в обратную сторону)',
    'everything is the same as itself':
        'всё тождественно самому себе',
    'owl:sameAs is symmetric':
        'owl:sameAs симметрично',
    'owl:sameAs is transitive':
        'owl:sameAs транзитивно',
    'same subject':
        'тот же субъект',
    'same predicate':
        'тот же предикат',
    'same object':
        'тот же объект',
    'every class is its own sub-class, above owl:Nothing and below owl:Thing':
        'каждый класс — подкласс самого себя, выше owl:Nothing и ниже owl:Thing',
    'sub-class of a sub-class':
        'подкласс подкласса',
    'equivalent classes are sub-classes':
        'эквивалентные классы — подклассы друг друга',
    'mutual sub-classes are equivalent':
        'взаимные подклассы эквивалентны',
    'every object property is its own sub-property':
        'каждое объектное свойство — подсвойство самого себя',
    'every datatype property is its own sub-property':
        'каждое свойство данных — подсвойство самого себя',
    'sub-property of a sub-property':
        'подсвойство подсвойства',
    'equivalent properties are sub-properties':
        'эквивалентные свойства — подсвойства друг друга',
    'mutual sub-properties are equivalent':
        'взаимные подсвойства эквивалентны',
    'domain, widened to a super-class':
        'область определения, расширенная до надкласса',
    'domain of a super-property':
        'область определения надсвойства',
    'range, widened to a super-class':
        'область значений, расширенная до надкласса',
    'range of a super-property':
        'область значений надсвойства',
    'hasValue restrictions on sub-properties':
        'ограничения hasValue на подсвойствах',
    'someValuesFrom restrictions on sub-classes':
        'ограничения someValuesFrom на подклассах',
    'someValuesFrom restrictions on sub-properties':
        'ограничения someValuesFrom на подсвойствах',
    'allValuesFrom restrictions on sub-classes':
        'ограничения allValuesFrom на подклассах',
    'allValuesFrom restrictions on sub-properties':
        'ограничения allValuesFrom на подсвойствах',
    'an intersection is a sub-class of each class':
        'пересечение — подкласс каждого класса',
    'each class is a sub-class of a union':
        'каждый класс — подкласс объединения',
    'owlrl one-time rule: owl:Thing is a class':
        'разовое правило owlrl: owl:Thing — класс',
    'owlrl one-time rule: owl:Nothing is a class':
        'разовое правило owlrl: owl:Nothing — класс',
    'owlrl one-time rule: the annotation properties':
        'разовое правило owlrl: свойства-аннотации',
    'owlrl one-time rule: the OWL 2 RL datatypes are datatypes':
        'разовое правило owlrl: типы данных OWL 2 RL — типы данных',
    'owlrl one-time rule: a literal is a member of its datatype':
        'разовое правило owlrl: литерал принадлежит своему типу данных',
    'owlrl one-time rule: a member of a datatype is a member of the wider ones':
        'разовое правило owlrl: значение типа данных принадлежит и более широким типам',
    'owlrl one-time rule: disjoint datatypes':
        'разовое правило owlrl: непересекающиеся типы данных',
    'owlrl one-time rule: the same as a member of a datatype, taken for a datatype':
        'разовое правило owlrl: тождественное значению типа данных принимается за тип данных',
}
