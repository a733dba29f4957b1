"""The sections of the justification (说理), one renderer each, over one shared base.

Every renderer reads the recommendation's steps and the fixed wording of
:mod:`discretion.explain._wording`, and returns the lines of its section; none decides anything.
:mod:`discretion.explain._render` puts them in the order of the note and numbers them.

* ``_voice`` — the shared base: the language chosen, numbers, ranges, units, dates, fact values,
  outcomes, conditions (why they held) and citations;
* ``_generic`` — any step, for stages the note does not know and records its sections cannot word;
* ``_header`` — the standard, version, digest, item, legal and penalty basis, dates;
* ``_facts`` — 认定的事实, the facts found;
* ``_version`` — 适用的裁量基准版本, Art. 37;
* ``_gate`` — 不予处罚事由: the no-penalty grounds and the limitation period (Art. 36);
* ``_level`` — 裁量阶次, the level and why;
* ``_circumstances`` — 裁量情节, each circumstance with its article;
* ``_penalties`` — 处罚种类和幅度, each penalty clause, with ``_measure`` for how a range was measured;
* ``_combination`` — 单处或者并处, and one act under several norms (Art. 29);
* ``_options`` — 从轻或者减轻, the choices left to the officer;
* ``_procedure`` — 程序: summary procedure, hearing, legality review (Art. 51, 63, 58);
* ``_conclusion`` — 结论, the last line.
"""
