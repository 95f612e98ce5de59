// SPDX-License-Identifier: GPL-3.0
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract ReceiptBatchVerifier {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 20692739881585538926680483728620989287757925520612666266424632220804849728907;
    uint256 constant alphay  = 419311554269563800199846111991748833862445083521740413713663688078770238517;
    uint256 constant betax1  = 7235215822680229001407651972185801877794807265550371218024942445124798942808;
    uint256 constant betax2  = 9516785150586967990004195132427787511445196975163547160930583034506930613935;
    uint256 constant betay1  = 1792018389309794433396242846711722265189455580854562220465553605076680687975;
    uint256 constant betay2  = 10486026818234785332751771787611810357658801331929905876791755180868433027511;
    uint256 constant gammax1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant gammax2 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant gammay1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 constant gammay2 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant deltax1 = 14624562712974797150272908875003120547961760536770187734931701402635656539374;
    uint256 constant deltax2 = 15442810067182871173259377790982046833808168111849453441890143833373431943828;
    uint256 constant deltay1 = 20307771611884656479178648362804025557658380962115454153124739966225160135740;
    uint256 constant deltay2 = 5855599097020824546638405658800157257623125317743569392624767108160069502054;

    
    uint256 constant IC0x = 4060543430108281625575456072819698755867975700802076957138324509373772437437;
    uint256 constant IC0y = 12587826967303532235746878420512130437329086835510119475708937829053250291224;
    
    uint256 constant IC1x = 12345853152968733377572279772253010594135530543538321364730438856652919306345;
    uint256 constant IC1y = 21389653994623267980051932084889351822444329774788618686437641429032494535614;
    
    uint256 constant IC2x = 11620991855050909727498340423015760641779820295830580147387560813455931234257;
    uint256 constant IC2y = 14435411694728182173930410102597335290116661619100032187366296421494767588629;
    
    uint256 constant IC3x = 13136291198406043693509358502698600802508935776403443708478878350179246272375;
    uint256 constant IC3y = 5706058215487597935768476279166911496663482516889351522242735820030278603225;
    
    uint256 constant IC4x = 15087937228368228867547202301112351435674425538544176505712172767640331142652;
    uint256 constant IC4y = 9199204761010027411704770231034402175762773625401431208154863009873023633913;
    
    uint256 constant IC5x = 10278144924384463604954528439890890402135297740371369770701588934086078047941;
    uint256 constant IC5y = 3817734675459279638625238287795545818228151396099275501038522103125925216248;
    
    uint256 constant IC6x = 17087996259838941328515215820503459651651622155904391604218689782726691731071;
    uint256 constant IC6y = 15511680074850825709889972420318089291723493385305578016174239238661608308781;
    
    uint256 constant IC7x = 1257696233641415658727200848857287645124858889488601954788285670342064158091;
    uint256 constant IC7y = 981232116430584683694806182341451194628753134612692795642510154448930173516;
    
    uint256 constant IC8x = 314494902052696874229356623267889076027291841378279048503657347985746821602;
    uint256 constant IC8y = 16897073038147788500990414807796767482695463521543400698606082641273688871518;
    
    uint256 constant IC9x = 5868625823728977891066637090365837303600270187773983612329732859594204942145;
    uint256 constant IC9y = 12895637502288439136677056068550523448975738156104300953026311781156050164109;
    
    uint256 constant IC10x = 202441599836047106385663241093218464128016903958202873043165117894461704177;
    uint256 constant IC10y = 13042254061268786657318222680989842396595724832283513824765125404488426175273;
    
    uint256 constant IC11x = 20419918729831401799941991391116384957648328499394635544495973048948183266529;
    uint256 constant IC11y = 14449907627520970636020817289263991114041716763370057872687011043029666370992;
    
    uint256 constant IC12x = 1912217576096265535452100250868886767521791916256704851374967518488334580564;
    uint256 constant IC12y = 403797818628223248345691768129763788534149648028532160031750858835715789329;
    
    uint256 constant IC13x = 13987769292146268938750687184977213217787997720215438500837745007569756656367;
    uint256 constant IC13y = 1640974291493155085400077049517803521712659407282141389173532368933267588598;
    
    uint256 constant IC14x = 6579297095063287909554383667610434840884125701268706684351065558965185335451;
    uint256 constant IC14y = 6996561875720393057627618255327696304382285605490941420082580004328300233067;
    
    uint256 constant IC15x = 15374504484284021497491760725697754470613102734248658237386787951352061624360;
    uint256 constant IC15y = 18181829075593520202750383750625925721408033074858337630516453566815554257431;
    
    uint256 constant IC16x = 7848566967980672593173456711213363710771705356199888508779346444147275489594;
    uint256 constant IC16y = 6125106144984739823644890154017440676400582778286601311623419196586487630252;
    
    uint256 constant IC17x = 12161105700220650157810410864069514021344444898627290485654126179853458585702;
    uint256 constant IC17y = 20228500270543455572192043739776647155548092964438176600736465435120658983374;
    
    uint256 constant IC18x = 5321591188510608411014522502501105216722996835771076470370889723995574750517;
    uint256 constant IC18y = 5748871279535242188943067982820837754270776244000866391121631880218132872597;
    
    uint256 constant IC19x = 10550013824711609918882484308773346769953455855873537040836502337924782670920;
    uint256 constant IC19y = 21619815058316771708295919244099880093099308330002215550398169728509984651390;
    
    uint256 constant IC20x = 17460931694357960491262652475934556334329368352650582330034297768154919819222;
    uint256 constant IC20y = 2450807155929880218693739785565393794553028494963844986522539161329341109094;
    
    uint256 constant IC21x = 16313297810285480664625541236356892571932399912421661433926233263542206041975;
    uint256 constant IC21y = 6873662836524928787637244078110877724053207839112149786920969250236754743429;
    
    uint256 constant IC22x = 19519889523615193472392190523573281579326641255854034176271512990216223534628;
    uint256 constant IC22y = 16993454713173528349917944853684845392206189825732822185967807724170300541813;
    
    uint256 constant IC23x = 14066554496439530570055841836770358154126910091717677301186831534654603436947;
    uint256 constant IC23y = 18653557225882148703729476158598550562861012497643621185629578613207925543888;
    
    uint256 constant IC24x = 15390804333170469580061979925302473015220238749927686219581996599604989014218;
    uint256 constant IC24y = 5777429547896478529125546128493210311310657783302755974528510223688617276275;
    
    uint256 constant IC25x = 11560553043383271103988051583153460167290994011563848396148542726670615604209;
    uint256 constant IC25y = 12064817063116560828255620854510802006022908481710010800432927863062835001082;
    
    uint256 constant IC26x = 12165300721285405899589093208637926520490339330442588891819231641261974275211;
    uint256 constant IC26y = 4082614148320772069703085632954915172540637236130513694000046616152038544139;
    
    uint256 constant IC27x = 12856978368328638849873994496966668078111321035267193153546016011864721194676;
    uint256 constant IC27y = 5953189327452863948084200398103739717892213108842535177099517153111829625951;
    
    uint256 constant IC28x = 21770072127118609782943773884281464808980464283080524456849764872781681141338;
    uint256 constant IC28y = 9791590171251107905117237899116467007507190374814247288061713039555603466352;
    
    uint256 constant IC29x = 19826719633241918883443640213223529981381802186696814361797158312489352135918;
    uint256 constant IC29y = 13197069931774986547315843259866268567696371422433197929936441915507012622186;
    
    uint256 constant IC30x = 1396114050825912724856914627499736273438322760620375725732445637325977392114;
    uint256 constant IC30y = 4533378196872722561753564606007576305036512792842708275709956786800788510050;
    
    uint256 constant IC31x = 1428045651454472680786440773303903109490906933324348859555924310272429203902;
    uint256 constant IC31y = 7990870027258920860364215692833161924219849570892654639167300638769944821400;
    
    uint256 constant IC32x = 6920958284503248829794195689029136409025382038001057845186682978523857224705;
    uint256 constant IC32y = 20082109738121443447020791857513893631809282212209433392043504620169131870391;
    
    uint256 constant IC33x = 18023034211987376496133539706698474915715903217962702432110595303695372158671;
    uint256 constant IC33y = 1206080951039225524607681156658893405473685052166578904462904085472018432925;
    
    uint256 constant IC34x = 20010144011204467934420896829800984972896503547463946302339922169467695927845;
    uint256 constant IC34y = 16952639199725655223383597094842190610971558207723522225530471670334102397155;
    
    uint256 constant IC35x = 8012940381473944634896167281649319254711559290350358456165678982466362138099;
    uint256 constant IC35y = 17198279081551015146018766611200882979021565815260839957376345563289469752361;
    
    uint256 constant IC36x = 21792703024369215008689842510561018684701073251513562475845103317420846152659;
    uint256 constant IC36y = 12163829341576647949633261639328742039789123682027159998655161769496250274586;
    
    uint256 constant IC37x = 568000974280804782037709897039027804569615201473841453152612777722019638742;
    uint256 constant IC37y = 3842686002894007342411059037615844106637132836483714790787412390519152229419;
    
    uint256 constant IC38x = 14008419369228688667727966254205638633790045762355974078619944644567480968074;
    uint256 constant IC38y = 15368956853968934579804503933441297656115329772505679364593403653873869697005;
    
    uint256 constant IC39x = 5978113623906166955561714995785620030051740534062550665626611151835018089983;
    uint256 constant IC39y = 10628217316100750489436971978449271881946408144225556771879976712572645000244;
    
    uint256 constant IC40x = 20923145508196443190345263769868105533245968327714024806090627903114074306788;
    uint256 constant IC40y = 20372949314821810604572487702738788046074403994295368562594970825954380009020;
    
    uint256 constant IC41x = 2225628759227571431891193119772011427046964001416142533778640773748090947542;
    uint256 constant IC41y = 2999521404846826835052684034579422411895309484263707135406052780133256212693;
    
    uint256 constant IC42x = 9575224860397136962410790091086149652878767026753286436900180794771567956049;
    uint256 constant IC42y = 8592840156122085576035933486210190283421625632838387145362872606744793823599;
    
    uint256 constant IC43x = 10724585962055276638319571666309700899982073416943440709114919347767044806021;
    uint256 constant IC43y = 3075801865900422682484401057826581166742874407311799625922164035541081177574;
    
    uint256 constant IC44x = 14553878132057692452539468301441477250927522681138691384791318530955193180379;
    uint256 constant IC44y = 13107419917062261527199641902156187562707341261463583993519091286241269638600;
    
    uint256 constant IC45x = 5212729003786831324749696419051364698320415342947921295876961508350482921693;
    uint256 constant IC45y = 21165507914893359244142874637216784891204884361651331490215231797680969066264;
    
    uint256 constant IC46x = 9322520245228273376340185242376198902261011246652632619441653188268295665067;
    uint256 constant IC46y = 67320493926988464528413563477949702939038345588998859085266448482841279580;
    
    uint256 constant IC47x = 2681433906621335027031838896608335143183873432297517735359805435145326440468;
    uint256 constant IC47y = 7797607341444314512760880821900351021146964059147009337564681631558270686243;
    
    uint256 constant IC48x = 18746344742597881557500848604834419653959471265807610590486017109051114418368;
    uint256 constant IC48y = 728631218339642586776905761291490498663216192164192830698349321384166562616;
    
    uint256 constant IC49x = 6405464804199231705144826467677531011843940202509959166216261388278356054940;
    uint256 constant IC49y = 1819914741474122547443858796745675067224716456574444105691296694543424480925;
    
    uint256 constant IC50x = 17875124300525598853669321877010598661904575580855012335004140094946963580115;
    uint256 constant IC50y = 1065765330055561800794074266233304477503625178858310463468774971666950044831;
    
    uint256 constant IC51x = 7679307212526421653374081079193482911571795043528014300859460856161558454007;
    uint256 constant IC51y = 7120272094106033161792326050666575746053410509253787531272756510716746155093;
    
    uint256 constant IC52x = 20576384449460524045146003508588190440665318515546702551983783864492791464069;
    uint256 constant IC52y = 21431420673304458479943456889647293351175146484636875208613259979633673630750;
    
    uint256 constant IC53x = 10365493228683914420616611367153790599732491434553429963780404210595327939177;
    uint256 constant IC53y = 17324675783936170193494171996759155882276176305580824722122721172480181372024;
    
    uint256 constant IC54x = 4796810982590510439120227170140933179900479087610460763160848978874882499846;
    uint256 constant IC54y = 323530701843690230946485424267158953789389000274840495797183096152915245568;
    
    uint256 constant IC55x = 15778833308117392383661936521056546446967486115785617338206799939805830567915;
    uint256 constant IC55y = 4666686112825275840991685530999849783908092653930731126646849542083069410384;
    
    uint256 constant IC56x = 3733638489933261078024857702180794090880758551439120111202106362205959506418;
    uint256 constant IC56y = 17405473849271713002027992148106976359013310263234316484688396399510932341831;
    
    uint256 constant IC57x = 12917283282481244032987954750878816349333465500867619010183526754363768118227;
    uint256 constant IC57y = 18277450549835578525778353668422756691947905190259228060060326228663183467095;
    
    uint256 constant IC58x = 11871627351808268513974052684987510920879362427760953380797066729108145305754;
    uint256 constant IC58y = 13350449599310562134278541887724021954597402386945231660598799262379597957262;
    
    uint256 constant IC59x = 12811816225042440663219423561847319992267081224309385308078712139415600454763;
    uint256 constant IC59y = 13337583271075701247554956908640904964683495905984992738939148112759990781027;
    
    uint256 constant IC60x = 616462272676888275520298004378090512550558379140732077531721992490679433643;
    uint256 constant IC60y = 21622078091455858983975831492398291254736670654432018243590546892655988889512;
    
    uint256 constant IC61x = 18315144590897436447486603188141437641685797565534946114752105316403531819926;
    uint256 constant IC61y = 14935330049984197673342373047956148819111090173892958849867225549203271023841;
    
    uint256 constant IC62x = 18274686819387033236903651757830124649969184225163708040571034257444135414594;
    uint256 constant IC62y = 19451882894007378042396299630150939553443730847133198593798908307757884861166;
    
    uint256 constant IC63x = 2205059645856963626933126958975742002248432195002572787340130243864777927785;
    uint256 constant IC63y = 8218499234052058556454842593573146023618201266346217688479738899734936219650;
    
    uint256 constant IC64x = 12816078187443251943413613549250584926033862731606469314288588251204006136379;
    uint256 constant IC64y = 16120188272820429540655463356540696159073781505974818862453548414828921849770;
    
    uint256 constant IC65x = 11131398138712700201803202135143024270279023033478126074243219405030125491074;
    uint256 constant IC65y = 1738722091883669506209381962618490677256654708948833168505012869659445175216;
    
    uint256 constant IC66x = 9851557646513904557047893054595085318148501273815225845460978873411866189972;
    uint256 constant IC66y = 17688570376093211262822052709739998544040231618179358161026520943869274256677;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[66] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                
                g1_mulAccC(_pVk, IC9x, IC9y, calldataload(add(pubSignals, 256)))
                
                g1_mulAccC(_pVk, IC10x, IC10y, calldataload(add(pubSignals, 288)))
                
                g1_mulAccC(_pVk, IC11x, IC11y, calldataload(add(pubSignals, 320)))
                
                g1_mulAccC(_pVk, IC12x, IC12y, calldataload(add(pubSignals, 352)))
                
                g1_mulAccC(_pVk, IC13x, IC13y, calldataload(add(pubSignals, 384)))
                
                g1_mulAccC(_pVk, IC14x, IC14y, calldataload(add(pubSignals, 416)))
                
                g1_mulAccC(_pVk, IC15x, IC15y, calldataload(add(pubSignals, 448)))
                
                g1_mulAccC(_pVk, IC16x, IC16y, calldataload(add(pubSignals, 480)))
                
                g1_mulAccC(_pVk, IC17x, IC17y, calldataload(add(pubSignals, 512)))
                
                g1_mulAccC(_pVk, IC18x, IC18y, calldataload(add(pubSignals, 544)))
                
                g1_mulAccC(_pVk, IC19x, IC19y, calldataload(add(pubSignals, 576)))
                
                g1_mulAccC(_pVk, IC20x, IC20y, calldataload(add(pubSignals, 608)))
                
                g1_mulAccC(_pVk, IC21x, IC21y, calldataload(add(pubSignals, 640)))
                
                g1_mulAccC(_pVk, IC22x, IC22y, calldataload(add(pubSignals, 672)))
                
                g1_mulAccC(_pVk, IC23x, IC23y, calldataload(add(pubSignals, 704)))
                
                g1_mulAccC(_pVk, IC24x, IC24y, calldataload(add(pubSignals, 736)))
                
                g1_mulAccC(_pVk, IC25x, IC25y, calldataload(add(pubSignals, 768)))
                
                g1_mulAccC(_pVk, IC26x, IC26y, calldataload(add(pubSignals, 800)))
                
                g1_mulAccC(_pVk, IC27x, IC27y, calldataload(add(pubSignals, 832)))
                
                g1_mulAccC(_pVk, IC28x, IC28y, calldataload(add(pubSignals, 864)))
                
                g1_mulAccC(_pVk, IC29x, IC29y, calldataload(add(pubSignals, 896)))
                
                g1_mulAccC(_pVk, IC30x, IC30y, calldataload(add(pubSignals, 928)))
                
                g1_mulAccC(_pVk, IC31x, IC31y, calldataload(add(pubSignals, 960)))
                
                g1_mulAccC(_pVk, IC32x, IC32y, calldataload(add(pubSignals, 992)))
                
                g1_mulAccC(_pVk, IC33x, IC33y, calldataload(add(pubSignals, 1024)))
                
                g1_mulAccC(_pVk, IC34x, IC34y, calldataload(add(pubSignals, 1056)))
                
                g1_mulAccC(_pVk, IC35x, IC35y, calldataload(add(pubSignals, 1088)))
                
                g1_mulAccC(_pVk, IC36x, IC36y, calldataload(add(pubSignals, 1120)))
                
                g1_mulAccC(_pVk, IC37x, IC37y, calldataload(add(pubSignals, 1152)))
                
                g1_mulAccC(_pVk, IC38x, IC38y, calldataload(add(pubSignals, 1184)))
                
                g1_mulAccC(_pVk, IC39x, IC39y, calldataload(add(pubSignals, 1216)))
                
                g1_mulAccC(_pVk, IC40x, IC40y, calldataload(add(pubSignals, 1248)))
                
                g1_mulAccC(_pVk, IC41x, IC41y, calldataload(add(pubSignals, 1280)))
                
                g1_mulAccC(_pVk, IC42x, IC42y, calldataload(add(pubSignals, 1312)))
                
                g1_mulAccC(_pVk, IC43x, IC43y, calldataload(add(pubSignals, 1344)))
                
                g1_mulAccC(_pVk, IC44x, IC44y, calldataload(add(pubSignals, 1376)))
                
                g1_mulAccC(_pVk, IC45x, IC45y, calldataload(add(pubSignals, 1408)))
                
                g1_mulAccC(_pVk, IC46x, IC46y, calldataload(add(pubSignals, 1440)))
                
                g1_mulAccC(_pVk, IC47x, IC47y, calldataload(add(pubSignals, 1472)))
                
                g1_mulAccC(_pVk, IC48x, IC48y, calldataload(add(pubSignals, 1504)))
                
                g1_mulAccC(_pVk, IC49x, IC49y, calldataload(add(pubSignals, 1536)))
                
                g1_mulAccC(_pVk, IC50x, IC50y, calldataload(add(pubSignals, 1568)))
                
                g1_mulAccC(_pVk, IC51x, IC51y, calldataload(add(pubSignals, 1600)))
                
                g1_mulAccC(_pVk, IC52x, IC52y, calldataload(add(pubSignals, 1632)))
                
                g1_mulAccC(_pVk, IC53x, IC53y, calldataload(add(pubSignals, 1664)))
                
                g1_mulAccC(_pVk, IC54x, IC54y, calldataload(add(pubSignals, 1696)))
                
                g1_mulAccC(_pVk, IC55x, IC55y, calldataload(add(pubSignals, 1728)))
                
                g1_mulAccC(_pVk, IC56x, IC56y, calldataload(add(pubSignals, 1760)))
                
                g1_mulAccC(_pVk, IC57x, IC57y, calldataload(add(pubSignals, 1792)))
                
                g1_mulAccC(_pVk, IC58x, IC58y, calldataload(add(pubSignals, 1824)))
                
                g1_mulAccC(_pVk, IC59x, IC59y, calldataload(add(pubSignals, 1856)))
                
                g1_mulAccC(_pVk, IC60x, IC60y, calldataload(add(pubSignals, 1888)))
                
                g1_mulAccC(_pVk, IC61x, IC61y, calldataload(add(pubSignals, 1920)))
                
                g1_mulAccC(_pVk, IC62x, IC62y, calldataload(add(pubSignals, 1952)))
                
                g1_mulAccC(_pVk, IC63x, IC63y, calldataload(add(pubSignals, 1984)))
                
                g1_mulAccC(_pVk, IC64x, IC64y, calldataload(add(pubSignals, 2016)))
                
                g1_mulAccC(_pVk, IC65x, IC65y, calldataload(add(pubSignals, 2048)))
                
                g1_mulAccC(_pVk, IC66x, IC66y, calldataload(add(pubSignals, 2080)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            
            checkField(calldataload(add(_pubSignals, 192)))
            
            checkField(calldataload(add(_pubSignals, 224)))
            
            checkField(calldataload(add(_pubSignals, 256)))
            
            checkField(calldataload(add(_pubSignals, 288)))
            
            checkField(calldataload(add(_pubSignals, 320)))
            
            checkField(calldataload(add(_pubSignals, 352)))
            
            checkField(calldataload(add(_pubSignals, 384)))
            
            checkField(calldataload(add(_pubSignals, 416)))
            
            checkField(calldataload(add(_pubSignals, 448)))
            
            checkField(calldataload(add(_pubSignals, 480)))
            
            checkField(calldataload(add(_pubSignals, 512)))
            
            checkField(calldataload(add(_pubSignals, 544)))
            
            checkField(calldataload(add(_pubSignals, 576)))
            
            checkField(calldataload(add(_pubSignals, 608)))
            
            checkField(calldataload(add(_pubSignals, 640)))
            
            checkField(calldataload(add(_pubSignals, 672)))
            
            checkField(calldataload(add(_pubSignals, 704)))
            
            checkField(calldataload(add(_pubSignals, 736)))
            
            checkField(calldataload(add(_pubSignals, 768)))
            
            checkField(calldataload(add(_pubSignals, 800)))
            
            checkField(calldataload(add(_pubSignals, 832)))
            
            checkField(calldataload(add(_pubSignals, 864)))
            
            checkField(calldataload(add(_pubSignals, 896)))
            
            checkField(calldataload(add(_pubSignals, 928)))
            
            checkField(calldataload(add(_pubSignals, 960)))
            
            checkField(calldataload(add(_pubSignals, 992)))
            
            checkField(calldataload(add(_pubSignals, 1024)))
            
            checkField(calldataload(add(_pubSignals, 1056)))
            
            checkField(calldataload(add(_pubSignals, 1088)))
            
            checkField(calldataload(add(_pubSignals, 1120)))
            
            checkField(calldataload(add(_pubSignals, 1152)))
            
            checkField(calldataload(add(_pubSignals, 1184)))
            
            checkField(calldataload(add(_pubSignals, 1216)))
            
            checkField(calldataload(add(_pubSignals, 1248)))
            
            checkField(calldataload(add(_pubSignals, 1280)))
            
            checkField(calldataload(add(_pubSignals, 1312)))
            
            checkField(calldataload(add(_pubSignals, 1344)))
            
            checkField(calldataload(add(_pubSignals, 1376)))
            
            checkField(calldataload(add(_pubSignals, 1408)))
            
            checkField(calldataload(add(_pubSignals, 1440)))
            
            checkField(calldataload(add(_pubSignals, 1472)))
            
            checkField(calldataload(add(_pubSignals, 1504)))
            
            checkField(calldataload(add(_pubSignals, 1536)))
            
            checkField(calldataload(add(_pubSignals, 1568)))
            
            checkField(calldataload(add(_pubSignals, 1600)))
            
            checkField(calldataload(add(_pubSignals, 1632)))
            
            checkField(calldataload(add(_pubSignals, 1664)))
            
            checkField(calldataload(add(_pubSignals, 1696)))
            
            checkField(calldataload(add(_pubSignals, 1728)))
            
            checkField(calldataload(add(_pubSignals, 1760)))
            
            checkField(calldataload(add(_pubSignals, 1792)))
            
            checkField(calldataload(add(_pubSignals, 1824)))
            
            checkField(calldataload(add(_pubSignals, 1856)))
            
            checkField(calldataload(add(_pubSignals, 1888)))
            
            checkField(calldataload(add(_pubSignals, 1920)))
            
            checkField(calldataload(add(_pubSignals, 1952)))
            
            checkField(calldataload(add(_pubSignals, 1984)))
            
            checkField(calldataload(add(_pubSignals, 2016)))
            
            checkField(calldataload(add(_pubSignals, 2048)))
            
            checkField(calldataload(add(_pubSignals, 2080)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
