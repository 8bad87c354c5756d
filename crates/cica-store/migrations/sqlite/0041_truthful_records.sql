-- Two records an earlier version wrote that said more than the sources do.
--
-- Depositary notifications were issued for deposits known only to a year or by a latest day,
-- with an invented number and day (their `date_text` says what the sources give). Such a
-- deposit gets no notice now: it is listed as the sources give it. The notices of deposits
-- known to the day keep their numbers.
DELETE FROM notifications WHERE date_text IS NOT NULL;

-- The built-in 2025-Q1 foreword was a first-person paraphrase of the Foreign Minister's,
-- printed over his signature. It is replaced by the Secretariat's account in reported speech,
-- the text the built-in dataset now holds, and marked as such (`reported`, the column's
-- default). A foreword an editor entered is left as it is.
UPDATE digests
SET foreword = 'In the foreword to this issue, Azerbaijan''s Minister of Foreign Affairs, Jeyhun Bayramov, writes that his country took up the Chairmanship of CICA as both an honour and a duty: to carry the Conference on towards a full-fledged international organization, building on the work of the Chairmanships before it.

He recalls that at its seventh meeting the Ministerial Council endorsed the Chairmanship''s programme, "Stronger CICA: Connectivity, Digitalization, and Sustainable Growth in Asia", and lists its three priorities: the transformation of CICA and the growth of its institutions; cooperation sector by sector, with confidence building measures put into practice; and closer work with other international and regional organizations.

Among the first months'' steps, the Minister points to the meeting of the Senior Officials Committee in Baku and to his meeting with the heads of mission of the Member States at the Secretariat in Astana. He notes that a second post of Deputy Secretary General has been created so that the Secretariat can keep up with a wider agenda, and that work continues on two new forums, the CICA Finance Summit and the CICA Women Council.

Confidence building measures, he writes, remain at the centre of the Chairmanship, in fields ranging from youth and academia to climate, agriculture, transport, the economy, digitalization, cybersecurity and cultural heritage; he singles out the new Partnership Network of Leading Universities. He also welcomes the start of the CICA Fund, whose Project Review Committee approved its first project, on wheat cultivation for sustainable development in central Afghanistan.

The foreword ends with thanks to the Member States and to the Secretariat, and with Azerbaijan''s pledge to remain a reliable partner in making CICA a pillar of multilateral cooperation in Asia.'
WHERE quarter = '2025-Q1'
  AND foreword LIKE 'Dear readers,%Now that it chairs the Conference on Interaction%';
