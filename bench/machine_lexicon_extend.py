#!/usr/bin/env python3
"""Appends the project's version-1.1 loaded-language entries to rubrics/lexicons/*.tsv (idempotent).

The word lists below were written by the project from general knowledge of loaded wording in news and
propaganda (the categories and examples of Da San Martino et al. 2019 and the rubric's definitions);
no entry was taken from a corpus's labelled spans. Run once; rerunning adds nothing new.
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEX = os.path.join(HERE, "..", "rubrics", "lexicons")

def words(spec):
    return [w.strip() for w in spec.split("|") if w.strip()]

# (file, subtype, weight, entries). Weight tiers: 0.9 almost always loaded in news prose, 0.7 usually,
# 0.5 often, 0.3 loaded only in some contexts (kept for recall; the confidence says so).
ADD = [
 ("dehumanising.tsv", "dehumanising", 0.9, "subhuman|sub-human|untermenschen|cockroach|maggots|lice|locusts|bloodsuckers|human garbage|human scum|human trash|waste of space|breed like rabbits|breeding like rabbits|infested|infesting|infest|vipers|nest of vipers"),
 ("dehumanising.tsv", "dehumanising", 0.7, "animals|beasts|beast|savages|barbarians|pests|pest|rat|snakes|hyenas|jackals|vultures|swarming|swarms|horde|hordes|herds|zombies|demons|monsters|scourge|plague of|tumour|tumor|contagion"),
 ("dehumanising.tsv", "dehumanising", 0.4, "pigs|apes|monkeys|wolves|cattle|sheep|creatures|disease|snake|devils|demon"),
 ("pejorative_labels.tsv", "pejorative_label", 0.8, "junta|cabal|globalists|leftists|lefties|libtards|snowflakes|social justice warriors|commies|neocons|neo-cons|deep state|lamestream media|presstitutes|propaganda machine|mouthpiece|shills|warmongers|war hawks|jihadists|jihadis|fascists|nazis|neo-nazis|bigots|xenophobes|zealots|rabble|looters|hooligans|thugs and|henchmen|lackeys|stooges|minions|quislings|turncoats|kleptocrats|kleptocracy|narco-state|rogue state|axis of evil|puppet regime|puppet government|vassal state|useful idiots|sheeple|cultists|apologists|crusaders|infidels|terror group|terror groups|hate group|hate groups|open borders crowd|illegals|illegal aliens|fake news|mainstream media|msm|the swamp|drain the swamp|elites|establishment elites|oligarchs|marxists|communists|anarchists|radical left|radical right|far-left|far-right|alt-right|alt-left|ultra-nationalists|ultranationalists|hardliners|hard-liners|separatists and terrorists|islamo-fascists|islamofascists|feminazis"),
 ("pejorative_labels.tsv", "pejorative_label", 0.5, "terrorists|terrorist|extremist|radical|radicalized|radicalised|islamists|islamist|militants|insurgents|socialists|populists|establishment|propaganda|propagandist|cult|ideologues|demagogues|proxies|mercenaries|occupiers|invaders|collaborators|sympathizers|sympathisers|regimes|dictatorship|tyranny|mob rule|gang|gangs|criminals|racists|homophobes|haters|agents|trolls|bots|activists and agitators"),
 ("pejorative_labels.tsv", "name_calling", 0.9, "idiot|idiots|moron|morons|imbecile|imbeciles|lunatic|lunatics|madman|maniac|maniacs|psychopath|sociopath|crackpot|crackpots|charlatan|charlatans|con man|con artist|huckster|snake oil salesman|buffoon|buffoons|hypocrite|hypocrites|gangster|gangsters|mobster|thug|traitor|turncoat|stooge|lackey|sycophant|sycophants|toady|bootlicker|grifter|grifters|sleazebag|scumbag|scumbags|degenerate|degenerates|pervert|war criminal|war criminals|mass murderer|butcher of|warmonger|tyrant|tyrants|despot|despots|dictator|dictators|fool|fools|bigot|racist|fascist|nazi|demagogue|puppet master|puppet masters|liar-in-chief|clowns|loser|losers|nutjob|nutjobs|nut job|wacko|wackos|crazed|deranged|unhinged"),
 ("pejorative_labels.tsv", "name_calling", 0.5, "fraud|frauds|hack|hacks|shill|bully|bullies|strongman|killer|killers|murderer|murderers|criminal|zealot|fanatic|ideologue|extremists and|incompetent|crooked|corrupt|disgraced|failed|pathetic|lying|dishonest|treasonous|traitorous|so-called leader|self-styled leader|apologist|propagandists and|communist|marxist|socialist|anarchist|jihadist"),
 ("charged_words.tsv", "emotional_appeal", 0.9, "horrific|horrendous|heinous|atrocious|atrocity|atrocities|barbaric|barbarity|barbarism|savagery|savagely|sadistic|despicable|disgusting|abhorrent|abominable|monstrous|grotesque|sickening|bloodthirsty|bloodbath|butchered|butchery|carnage|genocidal|ethnic cleansing|witch hunt|witch-hunt|heart-wrenching|harrowing|vile|evil|wicked|vicious|viciously|ruthless|ruthlessly|merciless|mercilessly|cruelty|treachery|treacherous|treason|hoax|sham|farce|charade|travesty|smear campaign|slanderous|vitriol|venomous|rabid|murderous|bloodshed|blood on their hands|nightmarish|hellish|hellhole|demonize|demonized|demonizing|demonise|demonised|vilify|vilified|lambasted|thuggish|thuggery|lynch mob|brainwashed|brainwashing|brainwash|indoctrination|indoctrinated|appalling|scandalous|outraged|obscene|pure evil|jaw-dropping|mind-boggling|disgrace|shameful and|humiliating|humiliation|despised|loathsome|repugnant|reprehensible|unconscionable|inexcusable|unforgivable|criminal regime|reign of terror|terrorize|terrorise|terrorized|terrorised|terrorizing|terrorising"),
 ("charged_words.tsv", "emotional_appeal", 0.7, "horrible|brutal|brutally|brutality|savage|cruel|sinister and|massacre|massacred|slaughtered|genocide|holocaust|persecution|persecuted|oppression|oppressive|oppressed|tyrannical|draconian|totalitarian|dictatorial|devastation|ravaged|decimated|annihilate|annihilated|annihilation|obliterate|obliterated|onslaught|rampage|scourge|menace|menacing|poisonous|cancerous|tragically|agonizing|agonising|agony|misery|miserable|desperation|chaos|chaotic|mayhem|anarchy|lawless|lawlessness|corruption|rotten|sleazy|shady|deceitful|deceptive|deception|deceived|lies|lied|liar|manipulate|manipulated|manipulation|manipulative|exploited|exploitation|betray|smear|smears|slander|hateful|hatred|venom|fanatical|bullying|intimidation|lynching|enslaved|enslave|slavery|hell|doom|doomed|slammed|slams|blasted|blasts|ripped into|tirade|rant|ranting|meltdown|fury|furious|rage|raging|enraged|shame|shocking|shockingly|chilling|frightening|alarming|ridiculous|absurd|ludicrous|preposterous|laughable|pathetic|stupid|stupidity|idiotic|foolish|nonsense|garbage|rubbish|drivel|bogus|phony|phoney|fraudulent|rigged|arrogant|arrogance|irresponsible|incompetence|inept|ineptitude|clueless|selfish|greed|contempt|contemptible|nasty|filthy|slimy|creepy|bizarre|insane|crazy|twisted|sick|deranged and|heroic|heroes|martyr|martyrs|glorious|noble|patriots|freedom-loving|beloved|innocent civilians|innocents|helpless|defenceless|defenseless|crushing|crushed|cripple|crippled|crippling|stranglehold|strangle|suffocate|suffocating|bleeding|ruined|wrecked|insult|insulting|offensive|outcry|bombshell|explosive revelations|stunning|destroyed|destroying|destroy|destruction|tragedy|tragic|disaster|disastrous|catastrophic failure|disastrous policy|war on|assault on|attack on democracy|invasion|aggression|regime change|occupation regime|puppet"),
 ("charged_words.tsv", "emotional_appeal", 0.4, "dangerous|deadly|threat|threatening|terror|fear|fearful|panic-stricken|suffering|desperate|desperately|angry|anger|hostile|hostility|aggressive|militant|criminal acts|illegitimate|illegal regime|innocent|victimized|victimised|scandal|crisis|crushing blow|blow to|backlash|slam|condemned|condemn|denounced|denounce|wreak|wreaking|unleashed|unleash|exploit|weaponize|weaponized|weaponise|weaponised|plot|plotting|conspiracy|agenda|dirty|ugly|weird|silly|dumb|trash|fake|phony war"),
 ("intensifiers.tsv", "exaggeration", 0.8, "worst-ever|greatest ever|largest ever|deadliest ever|in the history of|of all time|once in a generation|once-in-a-generation|the entire world|the whole world|everyone knows|everybody knows|never ever|insanely|astronomical|skyrocketing|skyrocketed|unparalleled|unmatched|unimaginable|unthinkable|unspeakable|indescribable|beyond belief|off the charts|the mother of all|mother of all|of epic proportions|total disaster|complete disaster|utter disaster|complete failure|total failure|utter failure|existential threat|nothingburger|storm in a teacup|tempest in a teapot|overblown|overhyped|minuscule|infinitely|endless|untold|innumerable|zero chance|not a single|nothing but|all-out|full-blown|wholesale slaughter|the biggest|the greatest|the worst|most dangerous|the most|ever seen|ever witnessed|in history|of the century|epic"),
 ("intensifiers.tsv", "exaggeration", 0.5, "absolutely|completely|entirely|thoroughly|extremely|incredibly|unbelievably|massively|hugely|enormous|enormously|tremendous|tremendously|immense|immensely|gigantic|colossal|monumental|staggering|skyrocket|soaring|tsunami|avalanche|flood of|wave of|epidemic|existential|myriad|negligible|trivial|a handful of|only a handful|pales in comparison|forever and|grossly|wildly|hugely important|radical change|massive scale"),
 ("intensifiers.tsv", "exaggeration", 0.2, "every|all|always|never|nobody|no one|everyone|everybody|everything|nothing|merely|just a|only a|so much|so many|too much|far too|very|really|highly|deeply|crucial|critical|unique|historic|the most|worst|greatest|biggest|massive|huge|vast|total|literally|dramatic|dramatically|drastic|drastically|incredible|amazing|fantastic|terrible|awful|deadliest|sheer|infinite"),
]

def existing(path):
    seen = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            seen.add(line.split("\t")[0])
    return seen

def main():
    all_seen = set()
    files = sorted({a[0] for a in ADD})
    for name in files:
        all_seen |= existing(os.path.join(LEX, name))
    added = 0
    for name, subtype, weight, spec in ADD:
        path = os.path.join(LEX, name)
        lines = []
        for w in words(spec):
            w = w.lower()
            if w.endswith(" and") or w in all_seen:
                continue
            all_seen.add(w)
            lines.append(f"{w}\t{subtype}\t{weight}\tcredence\n")
        if lines:
            with open(path, "a", encoding="utf-8") as f:
                f.writelines(lines)
            added += len(lines)
    print(f"added {added} entries", file=sys.stderr)

if __name__ == "__main__":
    main()
